"""Helpers of the browser tests: log-in, screenshots and the axe-core accessibility check."""

import functools
import json
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = ROOT / "artifacts" / "screenshots"
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "inovasi-demo-2025")
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def login(page, portal, username, password=DEMO_PASSWORD):
    """Log in through the portal's own log-in page, as a person would; lands in the workspace."""
    page.goto(portal.url("/akun/masuk/"))
    page.get_by_label(re.compile("Nama pengguna|Username")).fill(username)
    page.get_by_label(re.compile("Kata sandi|Password")).fill(password)
    page.locator("form.stack-form").get_by_role("button").click()
    page.wait_for_url(re.compile(r"/admin/"))


def logout(page, portal):
    """Log out with the admin's own log-out button (a POST with its token)."""
    page.goto(portal.url("/admin/"))
    submit(page, page.locator("#logout-form button"))


def submit(page, control):
    """Click a control that loads another page (a form's button, a link) and wait until that page has loaded.

    A bare wait_for_load_state() after click() can return while the old page is still shown; the next click
    then starts its own request and the browser drops the first one (CI once lost a saved edit that way).
    """
    with page.expect_navigation():
        control.click()


class Screenshots:
    """Numbered full-page screenshots of one journey under artifacts/screenshots/<journey>/."""

    def __init__(self, journey):
        self.folder = SCREENSHOT_DIR / journey
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self.count = 0

    def __call__(self, page, name):
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@functools.cache
def axe_source():
    if not AXE_SCRIPT.exists():
        raise RuntimeError(f"{AXE_SCRIPT} is missing: run `npm ci` in the project folder (.ci/run does).")
    return AXE_SCRIPT.read_text()


def axe_violations(page, impacts=("serious", "critical")):
    """Run axe-core's WCAG 2.1 A/AA rules on the page; the violations of the given impacts.

    The page must come from a context made with bypass_csp=True: axe is injected as an inline
    script, which the portal's strict Content-Security-Policy would (rightly) refuse.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_AA_TAGS,
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [
                {"target": node["target"], "summary": node.get("failureSummary", "")}
                for node in violation["nodes"][:5]
            ],
        }
        for violation in result["violations"]
        if violation["impact"] in impacts
    ]


def describe(violations):
    return json.dumps(violations, indent=2, ensure_ascii=False)
