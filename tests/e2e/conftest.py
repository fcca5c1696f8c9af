"""Browser-test fixtures: the demo portal on a loopback live server and one headless Chromium per worker."""

import io
import os

# Playwright's sync API keeps an event loop running in the test thread; the ORM calls that the tests
# make between browser steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.conftest import DEMO_REGION_CODES  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# Playwright waits this long (ms) for an element or a navigation; a loaded machine gets some slack.
TIMEOUT_MS = 15_000


class Portal:
    """The demo portal served to the browser: `portal.url("/wilayah/")` is an absolute address."""

    def __init__(self, live_server):
        self.base = live_server.url

    def url(self, path="/"):
        return self.base + path


@pytest.fixture(autouse=True)
def _live_server_helper(request):
    """Replaces pytest-django's helper of the same name, which empties the database after every test.

    Here the demo data are written once per module (`_demo_data`) and shared by its tests, which
    create whatever else they need under names of their own. Requesting `live_server` still makes
    pytest-django create the test database.
    """
    if "live_server" not in request.fixturenames:
        yield
        return
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()


@pytest.fixture(scope="module")
def _demo_data(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo regions and stories, committed once per test module and removed after it.

    Loading them costs seconds; the module's tests share them. The rows are committed, not rolled
    back, so the fixture empties the database again before the worker goes on to other modules.
    """
    media = tmp_path_factory.mktemp("e2e-media")
    # The server answers on threads kept alive by the browser's keep-alive sockets; with persistent
    # connections they would still hold the test database open when pytest-django drops it.
    max_age = connection.settings_dict["CONN_MAX_AGE"]
    connection.settings_dict["CONN_MAX_AGE"] = 0
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        try:
            call_command("import_regions", only=DEMO_REGION_CODES, stdout=io.StringIO())
            call_command("load_demo", stdout=io.StringIO())
            yield
        finally:
            call_command("flush", interactive=False, verbosity=0)
            # Playwright's running event loop makes Django keep this connection per context, not
            # per thread: close it here, or it would outlive the test database.
            connection.close()
            connection.settings_dict["CONN_MAX_AGE"] = max_age


@pytest.fixture
def portal(_demo_data, live_server, django_db_blocker):
    """The demo portal, with database access for the test and the server thread while the test runs."""
    with django_db_blocker.unblock():
        yield Portal(live_server)


@pytest.fixture
def _media_root():
    """Replaces the project-wide per-test media folder: the demo portal keeps one folder per module."""


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (the Debian package) per test worker."""
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def new_page(browser):
    """Factory of fresh pages, each in its own context (own cookies): `new_page(width=360)`.

    Uncaught JavaScript exceptions are collected in `page.errors`, console errors (a refusal by the
    Content-Security-Policy, a resource that failed to load) in `page.console_errors`, and images, styles
    or scripts answered with an error in `page.broken_resources`.
    """
    contexts = []

    def make(width=1280, height=900, bypass_csp=False, locale="id-ID"):
        context = browser.new_context(viewport={"width": width, "height": height},
                                      bypass_csp=bypass_csp, locale=locale)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        # What the browser refused under the Content-Security-Policy (or failed to load) shows up here.
        page.console_errors = []
        page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
        # Sub-resources (styles, scripts, images) that did not load; the page's own status is the test's.
        page.broken_resources = []
        page.on("response", lambda response: response.status >= 400 and response.request.resource_type != "document"
                and page.broken_resources.append(f"{response.status} {response.url}"))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()

