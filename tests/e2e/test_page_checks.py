"""Every public page type in a real browser: WCAG 2.1 AA (axe-core), no sideways scrolling at 360 px."""

import pytest

from tests.e2e.browser import Screenshots, axe_violations, describe, login, submit

pytestmark = pytest.mark.e2e



def first_url(model_path, **filters):
    """The address of the first published demo object of a model, read when the test runs."""
    app_label, model_name = model_path.split(".")
    from django.apps import apps

    model = apps.get_model(app_label, model_name)
    queryset = model.objects.published() if hasattr(model.objects, "published") else model.objects.all()
    return queryset.filter(**filters).order_by("pk").first().get_absolute_url()


# One address per page type, on the demo data (callables when the address comes from the data).
PAGES = {
    "home": "/",
    "innovation-list": "/inovasi/",
    "innovation-list-filtered": "/inovasi/?q=layanan&provinsi=33",
    "innovation-detail": lambda: first_url("innovations.Innovation", indicators__isnull=False),
    "region-list": "/wilayah/",
    "region-provinsi": "/wilayah/33/",
    "region-kabupaten": "/wilayah/33.12/",
    "region-kecamatan": "/wilayah/33.12.21/",
    "region-desa": "/wilayah/33.12.21.2006/",
    "competition-list": "/penghargaan/",
    "competition-detail": lambda: first_url("awards.Competition"),
    "article-list": "/artikel/",
    "article-detail": lambda: first_url("articles.Article"),
    "statistics": "/statistik/",
    "open-data": "/data/",
    "login": "/akun/masuk/",
    "not-found": "/halaman-yang-tidak-ada/",
}


def path_of(name):
    address = PAGES[name]
    return address() if callable(address) else address


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violation(portal, new_page, name):
    page = new_page(bypass_csp=True)
    path = path_of(name)
    response = page.goto(portal.url(path))
    assert response.status == (404 if name == "not-found" else 200)
    violations = axe_violations(page)
    assert not violations, f"{path}: serious or critical WCAG 2.1 AA violations:\n{describe(violations)}"
    assert page.errors == []


@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_360_px_screen(portal, new_page, name):
    page = new_page(width=360, height=740)
    path = path_of(name)
    page.goto(portal.url(path))
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > 360:
        Screenshots(f"360px-{name}")(page, name)
    assert scroll_width <= 360, f"{path} is {scroll_width} px wide at a 360 px viewport"
    # Under the real Content-Security-Policy nothing is refused and every style, script and image loads.
    assert page.broken_resources == [] and page.errors == []
    expected = ["Failed to load resource: the server responded with a status of 404 (Not Found)"]
    assert page.console_errors == (expected if name == "not-found" else []), page.console_errors


def focused(page):
    """What has the keyboard focus: tag, name, type, text and whether a focus ring is drawn."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return {tag: el.tagName.toLowerCase(), name: el.getAttribute('name') || '', type: el.type || '',
                text: (el.textContent || '').trim().slice(0, 60), id: el.id,
                ring: style.outlineStyle !== 'none' || style.boxShadow !== 'none'};
    }""")


def tab_until(page, wanted, limit=60):
    """Press Tab until `wanted(focused)` holds; fails if it is never reached."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = focused(page)
        if wanted(current):
            return current
    raise AssertionError(f"not reached with {limit} presses of Tab; focus ended on {focused(page)}")


def test_list_filters_work_with_the_keyboard_alone(portal, page):
    page.goto(portal.url("/inovasi/"))

    skip = tab_until(page, lambda f: f["tag"] == "a", limit=1)
    assert skip["text"] == "Langsung ke isi" and skip["ring"]
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "konten"

    search = tab_until(page, lambda f: f["name"] == "q")
    assert search["ring"], "the search field shows no focus ring"
    page.keyboard.type("layanan")

    tab_until(page, lambda f: f["tag"] == "summary")
    page.keyboard.press("Enter")  # opens the "Saring" panel

    tab_until(page, lambda f: f["name"] == "provinsi")
    page.keyboard.type("Jawa Tengah")
    # The kabupaten options arrive from the portal's own JSON once the provinsi changed.
    page.wait_for_selector("select[name='kabupaten'] option[value='33.12']", state="attached")
    tab_until(page, lambda f: f["name"] == "kabupaten")
    page.keyboard.type("Kabupaten Wonogiri")

    button = tab_until(page, lambda f: f["tag"] == "button" and f["type"] == "submit" and f["text"] != "Cari")
    assert button["ring"], "the apply button shows no focus ring"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "q=layanan" in page.url
    assert "provinsi=33" in page.url
    assert "kabupaten=33.12" in page.url
    assert page.locator(".chips").get_by_text("Kabupaten Wonogiri", exact=True).is_visible()
    Screenshots("keyboard-filters")(page, "filtered-list")


def innovation_change_url(kabupaten):
    from innovations.models import Innovation

    pk = Innovation.objects.filter(kabupaten_id=kabupaten).order_by("pk").values_list("pk", flat=True).first()
    return f"/admin/innovations/innovation/{pk}/change/"


# The staff's forms in the workspace: (account, address).
STAFF_PAGES = {
    "staff-add-innovation": ("staf.jatipurno", "/admin/innovations/innovation/add/"),
    "reviewer-innovation": ("reviewer.wonogiri", lambda: innovation_change_url("33.12")),
    "reviewer-queue": ("reviewer.wonogiri", "/admin/innovations/reviewqueueentry/"),
    "editor-add-article": ("editor.forcasi", "/admin/articles/article/add/"),
    "editor-add-award-result": ("editor.forcasi", "/admin/awards/result/add/"),
}


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_form_has_no_serious_accessibility_violation(portal, new_page, name):
    username, address = STAFF_PAGES[name]
    path = address() if callable(address) else address
    page = new_page(bypass_csp=True)
    login(page, portal, username)
    response = page.goto(portal.url(path))
    assert response.status == 200
    assert page.locator("#content-main").is_visible()
    violations = axe_violations(page)
    assert not violations, f"{path}: serious or critical WCAG 2.1 AA violations:\n{describe(violations)}"


def test_language_switch_in_the_header_keeps_the_page(portal, page):
    path = "/wilayah/33.12.21/"
    page.goto(portal.url(path))
    assert page.locator("html").get_attribute("lang") == "id"
    submit(page, page.locator(".lang-switch").get_by_role("link", name="EN"))
    assert page.url == portal.url(path)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Home").is_visible()
    # The region's name is content: it stays as Kemendagri writes it.
    assert page.get_by_role("heading", level=1).inner_text() == "Kecamatan Jatipurno"
    Screenshots("language-switch")(page, "kecamatan-in-english")

    page.goto(portal.url("/inovasi/"))
    Screenshots("language-switch-list")(page, "list-in-english")
    submit(page, page.locator(".lang-switch").get_by_role("link", name="ID"))
    assert page.url == portal.url("/inovasi/")
    assert page.locator("html").get_attribute("lang") == "id"
