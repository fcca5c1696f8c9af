"""Browser tests (headless Chromium through Playwright), marked `e2e`: `pytest -m e2e` runs them alone.

They need /usr/bin/chromium (Debian's package) and axe-core from `npm ci` (package-lock.json); .ci/run
installs both. Screenshots of the journeys land in artifacts/screenshots/<journey>/ (kept out of git).
The demo data are loaded once per test module on a live server (conftest.py), so tests create what
else they need under names of their own.
"""
