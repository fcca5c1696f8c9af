"""Every public page type in a real browser: WCAG 2.1 AA (axe-core), no sideways scrolling at 360 px."""

import pytest

from tests.e2e.browser import Screenshots, axe_violations, describe

pytestmark = pytest.mark.e2e

# One address per page type, on the demo data.
PAGES = {
    "region-list": "/wilayah/",
    "region-provinsi": "/wilayah/33/",
    "region-kabupaten": "/wilayah/33.12/",
    "region-kecamatan": "/wilayah/33.12.21/",
    "login": "/akun/masuk/",
    "not-found": "/halaman-yang-tidak-ada/",
}


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violation(portal, new_page, name):
    page = new_page(bypass_csp=True)
    response = page.goto(portal.url(PAGES[name]))
    assert response.status == (404 if name == "not-found" else 200)
    violations = axe_violations(page)
    assert not violations, f"{PAGES[name]}: serious or critical WCAG 2.1 AA violations:\n{describe(violations)}"
    assert page.errors == []


@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_360_px_screen(portal, new_page, name):
    page = new_page(width=360, height=740)
    page.goto(portal.url(PAGES[name]))
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > 360:
        Screenshots("360px").__call__(page, name)
    assert scroll_width <= 360, f"{PAGES[name]} is {scroll_width} px wide at a 360 px viewport"
