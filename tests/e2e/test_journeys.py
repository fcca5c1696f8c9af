"""The portal's journeys end to end in a real browser, each from the log-in page (or the home page) on."""

import io
import re

import pytest
from django.utils import timezone
from PIL import Image

from articles.models import Article
from innovations.models import Innovation, Theme
from regions.models import Desa, Kecamatan
from tests.e2e.browser import Screenshots, login, logout, submit

pytestmark = pytest.mark.e2e

JATIPURNO = "33.12.21"
SLOGORETNO, MANGUNHARJO = "33.12.21.2006", "33.12.21.2011"


def jpeg_file(tmp_path, name="layanan-keliling.jpg"):
    """A small real JPEG (the portal checks uploads by content, not by name)."""
    image = Image.new("RGB", (800, 500), (20, 110, 120))
    for x in range(0, 800, 40):
        for y in range(0, 500, 40):
            image.putpixel((x, y), (250, 200, 40))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return path


def jatipurno_innovation(title, status=Innovation.Status.PUBLISHED):
    """An entry of Kecamatan Jatipurno made directly, for the journeys that start after the staff's work."""
    innovation = Innovation.objects.create(
        title=title, kecamatan=Kecamatan.objects.get(code=JATIPURNO), theme=Theme.objects.order_by("pk").first(),
        unit="Seksi Pelayanan Kecamatan Jatipurno", summary="Petugas kecamatan melayani surat-menyurat di balai desa.",
        problem="Warga desa jauh dari kantor kecamatan.", status=status,
        published_at=timezone.now() if status == Innovation.Status.PUBLISHED else None,
    )
    innovation.desa.set(Desa.objects.filter(code__in=[SLOGORETNO, MANGUNHARJO]))
    return innovation


def open_in_workspace(page, portal, innovation):
    page.goto(portal.url(f"/admin/innovations/innovation/{innovation.pk}/change/"))


def workflow_button(page, label):
    return page.locator(".workflow-actions").get_by_role("button", name=label)


def test_staff_create_submit_reviewer_returns_staff_fix_resubmit_reviewer_approves(portal, page, tmp_path):
    shot = Screenshots("01-create-review-publish")
    title = "Pelayanan Administrasi Keliling Desa"

    # Staff of Kecamatan Jatipurno record a new innovation.
    login(page, portal, "staf.jatipurno")
    shot(page, "staff-workspace")
    page.goto(portal.url("/admin/innovations/innovation/add/"))
    page.fill("#id_title", title)
    page.check(f"input[name=desa][value='{SLOGORETNO}']")
    page.check(f"input[name=desa][value='{MANGUNHARJO}']")
    page.fill("#id_unit", "Seksi Pelayanan Kecamatan Jatipurno")
    page.select_option("#id_theme", index=1)
    page.select_option("#id_form", index=1)
    page.select_option("#id_stage", index=1)
    page.fill("#id_first_applied", "2024-03-01")
    page.fill("#id_summary", "Petugas kecamatan datang ke balai desa setiap pekan untuk melayani surat-menyurat.")
    page.fill("#id_problem", "Warga desa jauh harus menempuh perjalanan panjang ke kantor kecamatan.")
    page.locator("#photos-group .add-row a").click()
    page.set_input_files("#id_photos-0-image", str(jpeg_file(tmp_path)))
    page.fill("#id_photos-0-caption", "Petugas melayani warga di balai desa")
    page.locator("#indicators-group .add-row a").click()
    page.fill("#id_indicators-0-name", "Warga terlayani di desa")
    page.fill("#id_indicators-0-unit", "orang")
    shot(page, "add-form-filled")
    submit(page, page.locator("input[name=_continue]"))
    shot(page, "saved-draft")

    innovation = Innovation.objects.get(title=title)
    assert innovation.status == Innovation.Status.DRAFT
    assert innovation.kecamatan_id == JATIPURNO
    assert sorted(innovation.desa.values_list("code", flat=True)) == [SLOGORETNO, MANGUNHARJO]
    assert innovation.photos.count() == 1 and innovation.indicators.count() == 1

    submit(page, workflow_button(page, "Ajukan untuk diverifikasi"))
    if page.get_by_role("button", name="Tetap ajukan").count():
        shot(page, "similar-entries-warning")
        submit(page, page.get_by_role("button", name="Tetap ajukan"))
    shot(page, "submitted")
    innovation.refresh_from_db()
    assert innovation.status == Innovation.Status.SUBMITTED
    logout(page, portal)

    # The reviewer of Kabupaten Wonogiri returns it with a comment.
    comment = "Mohon lengkapi jadwal kunjungan ke tiap desa dan jumlah warga yang dilayani."
    login(page, portal, "reviewer.wonogiri")
    shot(page, "reviewer-workspace")
    open_in_workspace(page, portal, innovation)
    page.locator(".workflow-action-return textarea").fill(comment)
    shot(page, "reviewer-writes-comment")
    submit(page, workflow_button(page, "Kembalikan untuk diperbaiki"))
    innovation.refresh_from_db()
    assert innovation.status == Innovation.Status.RETURNED
    logout(page, portal)

    # The staff member sees the comment, fixes the entry and resubmits.
    login(page, portal, "staf.jatipurno")
    open_in_workspace(page, portal, innovation)
    assert page.locator(".workflow-decision").get_by_text(comment).is_visible()
    shot(page, "staff-sees-comment")
    page.fill("#id_approach", "Jadwal: Senin Slogoretno, Kamis Mangunharjo; 40 warga dilayani tiap kunjungan.")
    submit(page, page.locator("input[name=_continue]"))
    submit(page, workflow_button(page, "Ajukan ulang"))
    if page.get_by_role("button", name="Tetap ajukan").count():
        submit(page, page.get_by_role("button", name="Tetap ajukan"))
    shot(page, "resubmitted")
    innovation.refresh_from_db()
    assert innovation.status == Innovation.Status.SUBMITTED
    assert "Senin Slogoretno" in innovation.approach
    logout(page, portal)

    # The reviewer approves it; it is public from then on.
    login(page, portal, "reviewer.wonogiri")
    open_in_workspace(page, portal, innovation)
    submit(page, workflow_button(page, "Setujui dan terbitkan"))
    shot(page, "approved")
    innovation.refresh_from_db()
    assert innovation.status == Innovation.Status.PUBLISHED
    page.goto(portal.url(innovation.get_absolute_url()))
    assert page.get_by_role("heading", level=1).inner_text() == title
    shot(page, "public-detail")
    assert page.errors == [] and page.broken_resources == []
    assert page.console_errors == [], page.console_errors  # e.g. a refusal by the strict CSP
    assert re.search(r"/inovasi/", page.url)


def test_citizen_finds_the_innovation_by_a_stemmed_word_and_narrows_by_region(portal, page):
    shot = Screenshots("02-citizen-search")
    title = "Pelayanan Akta Kelahiran Jemput Bola"
    innovation = jatipurno_innovation(title)

    page.goto(portal.url("/"))
    shot(page, "home")
    # "layanan" is the stem family of "Pelayanan" in the title: the search must find it by meaning.
    page.get_by_role("search").get_by_label("Cari inovasi").fill("layanan")
    page.get_by_role("search").get_by_role("button", name="Cari").click()
    page.wait_for_url(re.compile(r"/inovasi/\?q=layanan"))
    assert page.get_by_role("link", name=title).is_visible()
    shot(page, "search-results")

    if page.locator("details.filter-more").get_attribute("open") is None:
        page.locator("details.filter-more summary").click()
    page.get_by_label("Provinsi").select_option(label="Jawa Tengah")
    page.wait_for_selector("select[name='kabupaten'] option[value='33.12']", state="attached")
    page.get_by_label("Kabupaten/kota").select_option(value="33.12")
    page.get_by_role("button", name="Terapkan").click()
    page.wait_for_url(re.compile(r"kabupaten=33\.12"))
    assert "provinsi=33" in page.url and "q=layanan" in page.url
    shot(page, "narrowed")
    cards = page.locator(".innovation-cards .card-title a")
    titles = cards.all_inner_texts()
    assert title in titles
    # Everything left lies in Kabupaten Wonogiri.
    assert set(Innovation.objects.filter(title__in=titles).values_list("kabupaten_id", flat=True)) == {"33.12"}

    page.get_by_role("link", name=title).click()
    page.wait_for_url(re.compile(re.escape(innovation.get_absolute_url()) + "$"))
    assert page.get_by_role("heading", level=1).inner_text() == title
    shot(page, "detail")

    page.locator("main").get_by_role("link", name="Kecamatan Jatipurno").first.click()
    page.wait_for_url(re.compile(r"/wilayah/33\.12\.21/$"))
    assert page.get_by_role("link", name=title).is_visible()
    shot(page, "kecamatan-page")
    assert page.errors == [] and page.broken_resources == []
    assert page.console_errors == [], page.console_errors  # e.g. a refusal by the strict CSP


def test_staff_of_another_kecamatan_cannot_reach_a_draft_by_link_or_typed_url(portal, page):
    shot = Screenshots("04-other-kecamatan-denied")
    draft = jatipurno_innovation("Pelayanan Rahasia Jatipurno Masih Draf", status=Innovation.Status.DRAFT)

    login(page, portal, "staf.kawedanan")
    page.goto(portal.url("/admin/innovations/innovation/"))
    shot(page, "kawedanan-workspace")
    assert draft.title not in page.content()
    page.goto(portal.url("/admin/innovations/innovation/?q=Rahasia"))
    assert draft.title not in page.content()
    shot(page, "search-in-workspace")
    # Nothing on the pages the staff member can reach links to the draft.
    assert page.locator(f"a[href*='/innovation/{draft.pk}/']").count() == 0

    typed = {
        "change": f"/admin/innovations/innovation/{draft.pk}/change/",
        "history": f"/admin/innovations/innovation/{draft.pk}/history/",
        "delete": f"/admin/innovations/innovation/{draft.pk}/delete/",
        "workflow": f"/admin/innovations/innovation/{draft.pk}/alur/submit/",
        "public": draft.get_absolute_url(),
    }
    for name, path in typed.items():
        response = page.goto(portal.url(path))
        assert response.status == 404, f"{name}: {path} answered {response.status}"
        assert draft.title not in page.content(), f"{name}: {path} shows the draft's title"
        shot(page, name)

    # Hand-made POSTs with the staff member's own valid token change nothing either.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    for path, form in [
        (typed["workflow"], {"submit-note": "", "submit-confirmed": "True"}),
        (typed["change"], {"title": "Diubah orang lain", "kecamatan": JATIPURNO}),
        (typed["delete"], {"post": "yes"}),
    ]:
        response = page.request.post(portal.url(path), form={"csrfmiddlewaretoken": token, **form},
                                     headers={"Referer": portal.url(path)}, max_redirects=0)
        # 404, not the 403 of a refused token: the scope check itself answered.
        assert response.status == 404, f"POST {path} answered {response.status}"
    draft.refresh_from_db()
    assert (draft.status, draft.title) == (Innovation.Status.DRAFT, "Pelayanan Rahasia Jatipurno Masih Draf")
    assert page.errors == [] and page.broken_resources == []
    # The only console errors are the 404 answers the test asked for.
    assert all("404" in message for message in page.console_errors), page.console_errors


def choose_in_autocomplete(page, field, text):
    """Pick `text` in one of the admin's autocomplete (select2) fields, typing as a person does."""
    page.locator(f"#id_{field} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_editor_writes_features_and_publishes_an_article_linking_innovation_and_kecamatan(portal, page):
    shot = Screenshots("03-editor-article")
    innovation = jatipurno_innovation("Pelayanan Kartu Keluarga di Balai Desa")
    title = "Belajar dari Jatipurno: Kartu Keluarga Selesai di Balai Desa"

    login(page, portal, "editor.forcasi")
    page.goto(portal.url("/admin/articles/article/add/"))
    page.fill("#id_title", title)
    page.fill("#id_summary", "Staf Kecamatan Jatipurno membawa layanan Kartu Keluarga ke balai desa.")
    page.fill("#id_body", "Warga **Slogoretno** dan Mangunharjo kini mengurus Kartu Keluarga tanpa ke kota.\n\n"
                          "Kecamatan lain dapat meniru langkah-langkahnya.")
    choose_in_autocomplete(page, "innovations", "Kartu Keluarga")
    choose_in_autocomplete(page, "kecamatan", "Jatipurno")
    shot(page, "draft-form")
    submit(page, page.locator("input[name=_continue]"))
    article = Article.objects.get(title=title)
    assert article.status == Article.Status.DRAFT
    assert list(article.innovations.all()) == [innovation]
    assert list(article.kecamatan.values_list("code", flat=True)) == [JATIPURNO]
    # A draft is nowhere in public.
    assert page.request.get(portal.url(article.get_absolute_url())).status == 404

    page.select_option("#id_status", value=Article.Status.PUBLISHED)
    page.check("#id_is_featured")
    shot(page, "publish-and-feature")
    submit(page, page.locator("input[name=_save]"))
    shot(page, "saved")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.is_featured
    logout(page, portal)

    page.goto(portal.url("/"))
    featured = page.locator("section", has=page.get_by_role("heading", name="Artikel pilihan"))
    assert featured.get_by_text(title).is_visible()
    shot(page, "home-featured")
    featured.get_by_role("link", name=title).click()
    page.wait_for_url(re.compile(re.escape(article.get_absolute_url()) + "$"))
    main = page.locator("main")
    assert main.get_by_role("link", name=innovation.title).is_visible()
    assert main.get_by_role("link", name="Kecamatan Jatipurno").first.is_visible()
    shot(page, "article")

    feed = page.request.get(portal.url("/artikel/feed/"))
    assert feed.status == 200 and title in feed.text()
    assert page.errors == [] and page.broken_resources == []
    assert page.console_errors == [], page.console_errors  # e.g. a refusal by the strict CSP
