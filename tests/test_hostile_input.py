"""Hostile input: each case asserts the safe outcome and that nothing stored was lost or changed.

Covers script payloads rendered on public pages and exports, Markdown links and raw HTML,
hostile uploads, abusive filter values and parameters, guessed object URLs of another
kecamatan (IDOR), posts without a CSRF token, replayed forms and two people saving one entry.
"""

import datetime
import io
import json
import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
import reversion
from django import forms
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from PIL import Image
from reversion.models import Version

from articles.models import Article
from innovations.models import Innovation, Photo, ProgressUpdate
from operations.forms import ConcurrentEditForm, SubmitOnceForm
from rounds.models import Entry, Round
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    KabupatenFactory,
    KecamatanFactory,
    ProvinsiFactory,
    ResultFactory,
    RoundFactory,
    UserFactory,
)
from tests.innovation_world import S, build_world, change_post_data, entry

XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
XSS_ESCAPED = "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
# Tables whose rows a visit or a login may legitimately add: sessions and log-in records.
VOLATILE_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog",
                   "axes_accessattemptexpiration"}


def stored_rows():
    """Every row of every domain table (stable order)."""
    snapshot = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table in VOLATILE_TABLES:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            snapshot[table] = sorted(cursor.fetchall(), key=repr)
    return snapshot


def assert_unchanged(before):
    """No stored row was added, changed or removed since `before = stored_rows()`."""
    after = stored_rows()
    changed = [table for table in before if before[table] != after.get(table)]
    assert not changed, f"stored rows changed in {changed}"


# --- Posts without a CSRF token ---------------------------------------------------------------

@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


@pytest.mark.django_db
def test_login_post_without_csrf_token_is_refused(csrf_client):
    UserFactory(username="siti")
    before = stored_rows()
    response = csrf_client.post("/akun/masuk/", {"username": "siti", "password": "sandi-uji-12345"})
    assert response.status_code == 403
    assert "_auth_user_id" not in csrf_client.session
    assert_unchanged(before)


@pytest.mark.django_db
def test_admin_add_without_csrf_token_is_refused(csrf_client):
    csrf_client.force_login(UserFactory(username="admin", is_superuser=True))
    before = stored_rows()
    response = csrf_client.post("/admin/auth/user/add/", {
        "username": "penyusup", "password1": "kata-sandi-panjang-77", "password2": "kata-sandi-panjang-77",
        "usable_password": "true"})
    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="penyusup").exists()
    assert_unchanged(before)


@pytest.mark.django_db
def test_admin_delete_without_csrf_token_is_refused(csrf_client):
    victim = UserFactory(username="korban")
    csrf_client.force_login(UserFactory(username="admin", is_superuser=True))
    before = stored_rows()
    response = csrf_client.post(f"/admin/auth/user/{victim.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert get_user_model().objects.filter(username="korban").exists()
    assert_unchanged(before)


@pytest.mark.django_db
def test_logout_without_csrf_token_keeps_the_session(csrf_client):
    csrf_client.force_login(UserFactory(username="siti"))
    assert csrf_client.post("/akun/keluar/").status_code == 403
    assert "_auth_user_id" in csrf_client.session


# --- Two people saving the same entry ---------------------------------------------------------

class ArticleEditForm(ConcurrentEditForm, forms.ModelForm):
    class Meta:
        model = Article
        fields = ["title", "summary", "body"]


def edit_data(form, **changes):
    data = {name: form.initial.get(name, "") for name in ("title", "summary", "body", "edit_version")}
    data.update(changes)
    return data


@pytest.mark.django_db
def test_the_later_of_two_saves_does_not_wipe_the_earlier():
    article = ArticleFactory(title="Judul awal", body="Isi awal")
    first, second = ArticleEditForm(instance=article), ArticleEditForm(instance=Article.objects.get(pk=article.pk))
    saved = ArticleEditForm(edit_data(first, title="Judul dari Ani"), instance=Article.objects.get(pk=article.pk))
    assert saved.is_valid(), saved.errors
    saved.save()
    late = ArticleEditForm(edit_data(second, body="Isi dari Budi"), instance=Article.objects.get(pk=article.pk))
    assert not late.is_valid()
    assert "sudah diubah dan disimpan orang lain" in str(late.non_field_errors())
    article.refresh_from_db()
    assert (article.title, article.body) == ("Judul dari Ani", "Isi awal")


@pytest.mark.django_db
def test_a_save_after_reloading_goes_through():
    article = ArticleFactory(title="Judul awal")
    ArticleEditForm(edit_data(ArticleEditForm(instance=article), title="Satu"), instance=article).save()
    reloaded = ArticleEditForm(instance=Article.objects.get(pk=article.pk))
    form = ArticleEditForm(edit_data(reloaded, title="Dua"), instance=Article.objects.get(pk=article.pk))
    assert form.is_valid(), form.errors
    form.save()
    assert Article.objects.get(pk=article.pk).title == "Dua"


# --- The same form submitted twice ------------------------------------------------------------

class ArticleAddForm(SubmitOnceForm, forms.ModelForm):
    class Meta:
        model = Article
        fields = ["title", "summary", "body"]


@pytest.mark.django_db
def test_an_add_form_sent_twice_saves_one_row():
    token = ArticleAddForm()["submission_token"].value()
    data = {"title": "Berita Jumat SMART", "summary": "Ringkas", "body": "Isi", "submission_token": token}
    first = ArticleAddForm(data)
    assert first.is_valid(), first.errors
    first.save()
    before = stored_rows()
    replay = ArticleAddForm(data)
    assert not replay.is_valid()
    assert "sudah dikirim dan disimpan" in str(replay.non_field_errors())
    assert Article.objects.filter(title="Berita Jumat SMART").count() == 1
    assert_unchanged(before)


@pytest.mark.django_db
def test_an_invalid_first_send_does_not_use_up_the_form():
    token = ArticleAddForm()["submission_token"].value()
    assert not ArticleAddForm({"title": "", "summary": "x", "body": "y", "submission_token": token}).is_valid()
    fixed = ArticleAddForm({"title": "Judul", "summary": "x", "body": "y", "submission_token": token})
    assert fixed.is_valid(), fixed.errors


def test_each_rendering_gets_its_own_token():
    assert ArticleAddForm()["submission_token"].value() != ArticleAddForm()["submission_token"].value()


# --- Log-in form abuse ------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("username", ["a" * 10000, "siti\x00", "siti' OR '1'='1' --", XSS, "é" * 300])
def test_hostile_user_names_get_the_login_page_not_an_error(client, username):
    UserFactory(username="siti")
    before = stored_rows()
    for _ in range(6):  # past the lock-out limit too: axes records the name without failing
        response = client.post("/akun/masuk/", {"username": username, "password": "x" * 5000})
        assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert XSS not in response.content.decode()
    assert_unchanged(before)


# --- Filter values, invalid UTF-8 and unknown parameters --------------------------------------

@pytest.fixture
def jatipurno(db):
    kabupaten = KabupatenFactory(code="33.12", name="Kabupaten Wonogiri", provinsi=ProvinsiFactory(code="33"))
    return KecamatanFactory(code="33.12.21", name="Jatipurno", kabupaten=kabupaten)


HOSTILE_QUERIES = {
    "sql": "q=%27%3B%20DROP%20TABLE%20innovations_innovation%3B--&wilayah=1%20OR%201%3D1",
    "long": "q=" + "a" * 10000,
    "invalid-utf8": "q=%ff%fe%c3%28",
    "nul": "q=%00&page=%00",
    "unknown": "zzz=1&__proto__=x&sort=password",
    "pages": "page=-1&page=99999999999999999999",
    "script": "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
}
PUBLIC_URLS = ["/", "/wilayah/", "/wilayah/33.12.21/", "/wilayah/33.12.21/anak.json", "/akun/masuk/",
               "/data/wilayah.csv"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
@pytest.mark.parametrize("kind", HOSTILE_QUERIES)
def test_hostile_query_strings_answer_200(client, jatipurno, url, kind):
    before = stored_rows()
    response = client.get(f"{url}?{HOSTILE_QUERIES[kind]}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"<script>alert(1)</script>" not in body and b"Traceback" not in body
    assert_unchanged(before)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/wilayah/%ff/", "/wilayah/33.12.21%00/", "/wilayah/" + "9" * 10000 + "/",
                                  "/wilayah/..%2f..%2fetc%2fpasswd/", "/media/..%2f..%2fmanage.py"])
def test_hostile_paths_are_not_found(client, jatipurno, path):
    before = stored_rows()
    assert client.get(path).status_code in (400, 404)
    assert_unchanged(before)


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example"])
def test_language_switch_never_leaves_the_site(client, target):
    response = client.get("/bahasa/en/", {"next": target})
    assert response.status_code == 302
    assert not response["Location"].startswith(("http", "//", "/\\"))



# --- Innovations in the admin: the staff's forms, as a browser posts them ------------------------

class FormFields(HTMLParser):
    """The fields of one <form id=...> with the values a browser would send (files left out)."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self._select = self._textarea = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self._select = attrs["name"]
            self.data.setdefault(self._select, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._add(self._textarea, "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self.inside = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data.removeprefix("\n") if not self.data[self._textarea][-1] else data


def admin_form(client, url, form_id="innovation_form"):
    """GET the admin page and return its form's data as a browser would post it."""
    response = client.get(url)
    assert response.status_code == 200, url
    parser = FormFields(form_id)
    parser.feed(response.content.decode())
    return {name: values if len(values) != 1 else values[0] for name, values in parser.data.items()}


def media_files(root):
    root = Path(root)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def draft(world):
    """A draft of Jatipurno, the object staff of Kawedanan try to reach."""
    return entry(world.jatipurno, S.DRAFT, title="Draf Jatipurno", summary="Ringkasan asli")


def change_url(innovation, suffix="change/"):
    return f"/admin/innovations/innovation/{innovation.pk}/{suffix}"


IDOR_REQUESTS = [
    ("get", "change/"), ("post", "change/"), ("get", "history/"), ("get", "delete/"), ("post", "delete/"),
    ("get", "alur/submit/"), ("post", "alur/submit/"), ("post", "alur/approve/"), ("post", "alur/reject/"),
    ("get", "history/{version}/"), ("post", "history/{version}/"),
]


@pytest.mark.parametrize(("method", "suffix"), IDOR_REQUESTS)
def test_staff_of_another_kecamatan_cannot_reach_a_draft(client, world, draft, method, suffix):
    with reversion.create_revision():
        reversion.set_user(world.admin)
        draft.save()
    version = Version.objects.get_for_object(draft).first()
    client.force_login(world.staf_kawedanan)
    before = stored_rows()
    url = change_url(draft, suffix.format(version=version.pk))
    data = {**change_post_data(draft, title="Dibajak"), "post": "yes", "submit-note": "x", "reject-note": "x",
            "approve-note": "x"}
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code in (403, 404)
    assert "Draf Jatipurno" not in response.content.decode()
    assert_unchanged(before)


@pytest.mark.parametrize("suffix", ["change/", "history/", "delete/", "alur/submit/", "history/{version}/"])
def test_the_same_urls_open_for_the_entrys_own_staff(client, world, draft, suffix):
    """Control for the IDOR cases above: the URLs are right, only the user differs."""
    with reversion.create_revision():
        draft.save()
    version = Version.objects.get_for_object(draft).first()
    client.force_login(world.staf)
    assert client.get(change_url(draft, suffix.format(version=version.pk))).status_code == 200


def test_staff_of_another_kecamatan_does_not_see_the_draft_in_lists(client, world, draft):
    client.force_login(world.staf_kawedanan)
    for url in ["/admin/innovations/innovation/", "/admin/innovations/innovation/?q=Jatipurno",
                "/admin/innovations/innovation/?status=draft", "/admin/innovations/innovation/recover/"]:
        response = client.get(url)
        assert response.status_code in (200, 403)
        assert "Draf Jatipurno" not in response.content.decode()
    assert client.get(f"/inovasi/{draft.slug}/").status_code == 404


def test_a_replayed_submit_does_not_log_twice(client, world, draft, django_capture_on_commit_callbacks):
    client.force_login(world.staf)
    url = change_url(draft, "alur/submit/")
    data = {"submit-note": "", "submit-confirmed": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
    assert first.status_code == 302
    before = stored_rows()
    with django_capture_on_commit_callbacks(execute=True):
        replay = client.post(url, data)
    assert replay.status_code == 302
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED
    assert draft.status_logs.count() == 1
    assert_unchanged(before)


def test_the_admin_add_form_sent_twice_creates_one_entry(client, world):
    client.force_login(world.staf)
    data = admin_form(client, "/admin/innovations/innovation/add/")
    assert data.get("submission_token")
    data.update(title="Posyandu Keliling", kecamatan=world.jatipurno.pk, theme=world.theme.pk,
                summary="Ringkas", problem="Masalah", approach="Cara", form="pelayanan_publik", stage="penerapan")
    first = client.post("/admin/innovations/innovation/add/", data)
    assert first.status_code == 302, first.context and first.context["adminform"].form.errors
    before = stored_rows()
    replay = client.post("/admin/innovations/innovation/add/", data)
    assert replay.status_code == 200
    assert "sudah dikirim dan disimpan" in replay.content.decode()
    assert Innovation.objects.filter(title="Posyandu Keliling").count() == 1
    assert_unchanged(before)


def test_two_people_saving_the_same_entry_in_the_admin(client, world, draft):
    other = Client()
    client.force_login(world.staf)
    other.force_login(world.admin)
    mine = admin_form(client, change_url(draft))
    theirs = admin_form(other, change_url(draft))
    assert mine["edit_version"] and mine["edit_version"] == theirs["edit_version"]
    saved = other.post(change_url(draft), {**theirs, "summary": "Ringkasan dari admin"})
    assert saved.status_code == 302
    before = stored_rows()
    late = client.post(change_url(draft), {**mine, "title": "Judul dari staf"})
    assert late.status_code == 200
    html = late.content.decode()
    assert "sudah diubah dan disimpan orang lain" in html
    assert "Judul dari staf" in html  # what the staff typed is kept on the page to copy
    draft.refresh_from_db()
    assert (draft.title, draft.summary) == ("Draf Jatipurno", "Ringkasan dari admin")
    assert_unchanged(before)


# --- Hostile uploads through the admin form -----------------------------------------------------

def image_bytes(fmt="JPEG", size=(64, 48)):
    out = io.BytesIO()
    Image.new("RGB", size, (20, 120, 90)).save(out, format=fmt)
    return out.getvalue()


def bomb_png():
    """A small PNG claiming 30000 x 30000 pixels (900 megapixels when decoded)."""
    data = bytearray(image_bytes("PNG", (8, 8)))
    ihdr = struct.pack(">II", 30000, 30000) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr) & 0xFFFFFFFF)
    return bytes(data)


HOSTILE_PHOTOS = {  # kind: (file name, content, words of the message the form must show)
    "svg": ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>',
            "bukan foto JPEG, PNG atau WebP"),
    "html-as-jpg": ("foto.jpg", b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>",
                    "bukan foto JPEG, PNG atau WebP"),
    "gif-js-polyglot": ("foto.jpg", b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=alert(1);//" + b"\x00" * 20,
                        "bukan foto JPEG, PNG atau WebP"),
    "truncated-jpeg": ("foto.jpg", image_bytes("JPEG", (400, 300))[:600], "rusak atau terpotong"),
    "decompression-bomb": ("bom.png", bomb_png(), "megapiksel"),
    "empty": ("kosong.jpg", b"", "kosong"),
    "over-size": ("besar.jpg", image_bytes("JPEG") + b"\x00" * (10 * 1024 * 1024 + 1), "Paling besar 10 MB"),
}


def post_with_photo(client, draft, name, content):
    data = admin_form(client, change_url(draft))
    data.update({"title": "Judul yang diketik staf", "photos-TOTAL_FORMS": "1", "photos-0-caption": "Foto baru",
                 "photos-0-position": "0", "photos-0-innovation": str(draft.pk), "photos-0-id": "",
                 "photos-0-image": SimpleUploadedFile(name, content, content_type="image/jpeg")})
    return client.post(change_url(draft), data)


@pytest.mark.parametrize("kind", HOSTILE_PHOTOS)
def test_hostile_photo_is_refused_and_nothing_is_stored(client, world, draft, settings, kind):
    client.force_login(world.staf)
    before, files_before = stored_rows(), media_files(settings.MEDIA_ROOT)
    name, content, message = HOSTILE_PHOTOS[kind]
    response = post_with_photo(client, draft, name, content)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Judul yang diketik staf" in html  # the rest of the form is kept
    assert_unchanged(before)
    assert media_files(settings.MEDIA_ROOT) == files_before


def test_jpeg_with_html_appended_is_stored_re_encoded_without_it(client, world, draft, settings):
    client.force_login(world.staf)
    polyglot = image_bytes("JPEG", (80, 60)) + b"<html><script>alert(1)</script></html>"
    response = post_with_photo(client, draft, "foto.jpg", polyglot)
    assert response.status_code == 302
    photo = Photo.objects.get(innovation=draft)
    for name in media_files(settings.MEDIA_ROOT):
        content = (Path(settings.MEDIA_ROOT) / name).read_bytes()
        assert b"<script" not in content and b"<html" not in content
    assert Image.open(photo.image.path).format in ("JPEG", "WEBP", "PNG")


@pytest.mark.parametrize("name", ["../../../etc/passwd.jpg", "..\\..\\boot.jpg", "foto\x00.php.jpg",
                                  "foto\r\nSet-Cookie: x=1.jpg", "\u202egpj.exe.jpg"])
def test_hostile_file_names_are_stored_under_a_safe_name(client, world, draft, settings, name):
    client.force_login(world.staf)
    response = post_with_photo(client, draft, name, image_bytes("JPEG"))
    assert response.status_code == 302
    assert Photo.objects.filter(innovation=draft).count() == 1
    for stored in media_files(settings.MEDIA_ROOT):
        assert ".." not in stored and "\\" not in stored and "\u202e" not in stored
        assert not any(ord(c) < 32 for c in stored)
        assert (Path(settings.MEDIA_ROOT) / stored).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    for photo in Photo.objects.filter(innovation=draft):
        assert ".." not in photo.image.name and not any(ord(c) < 32 for c in photo.image.name)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("bukti.pdf", b"<html><script>alert(1)</script></html>", "bukan PDF"),
    ("bukti.pdf", b"", "kosong"),
    ("bukti.pdf", b"%PDF-1.4\n" + b"\x00" * 50, "bukan PDF"),
])
def test_hostile_evidence_documents_are_refused(client, world, draft, settings, name, content, message):
    client.force_login(world.staf)
    data = admin_form(client, change_url(draft))
    data.update({"documents-TOTAL_FORMS": "1", "documents-0-title": "SK Camat", "documents-0-innovation": str(draft.pk),
                 "documents-0-id": "", "documents-0-file": SimpleUploadedFile(name, content, "application/pdf")})
    before, files_before = stored_rows(), media_files(settings.MEDIA_ROOT)
    response = client.post(change_url(draft), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert_unchanged(before)
    assert media_files(settings.MEDIA_ROOT) == files_before


# --- Script payloads in every text field, rendered on public pages, the feed and exports ----------

INNOVATION_TEXT_FIELDS = ["unit", "summary", "problem", "approach", "goals", "benefits", "partners",
                          "development_plan", "contact_office"]


@pytest.fixture
def hostile_entry(world):
    """A published entry of Jatipurno whose every staff-written text carries a script payload."""
    world.theme.name = f"Tema {XSS}"
    world.theme.save()
    innovation = entry(world.jatipurno, S.PUBLISHED, title=f"Inovasi {XSS}", theme=world.theme,
                       **{name: f"{name} {XSS}" for name in INNOVATION_TEXT_FIELDS})
    innovation.desa.add(world.slogoretno)
    indicator = IndicatorFactory(innovation=innovation, name=f"Indikator {XSS}", unit=f"u{XSS}"[:30],
                                 note=f"Catatan {XSS}")
    IndicatorValueFactory(indicator=indicator, period="2024", value=3)
    IndicatorValueFactory(indicator=indicator, period="2025", value=5)
    Photo.objects.create(innovation=innovation, caption=f"Foto {XSS}"[:200],
                         image=SimpleUploadedFile("foto.jpg", image_bytes("JPEG", (700, 500))))
    ProgressUpdate.objects.create(innovation=innovation, date=datetime.date(2025, 6, 1), text=f"Kemajuan {XSS}",
                                  status=ProgressUpdate.Status.APPROVED, created_by=world.staf)
    return innovation


def page_text(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


def assert_escaped(html):
    assert "<script>alert" not in html and "<img src=x" not in html and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;alert" in html
    assert_no_active_content(html)


@pytest.mark.parametrize("url", ["/inovasi/", "/inovasi/?q=inovasi", "/inovasi/?tema={theme}", "/inovasi/{slug}/", "/",
                                 "/wilayah/33.12.21/", "/wilayah/33.12/", "/wilayah/33/", "/statistik/"])
def test_script_payloads_render_escaped_on_public_pages(client, hostile_entry, url):
    before = stored_rows()
    response = client.get(url.format(slug=hostile_entry.slug, theme=hostile_entry.theme.slug))
    assert response.status_code == 200
    assert_escaped(page_text(response))
    assert_unchanged(before)


def test_every_text_field_is_shown_escaped_on_the_detail_page(client, hostile_entry):
    html = page_text(client.get(f"/inovasi/{hostile_entry.slug}/"))
    escaped = "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;"
    for label in ["Inovasi", *INNOVATION_TEXT_FIELDS, "Indikator", "Kemajuan"]:
        assert f"{label} {escaped}" in html, label
    assert_escaped(html)


def test_exports_carry_the_payload_as_data_never_as_a_page(client, hostile_entry):
    before = stored_rows()
    csv_response = client.get("/data/inovasi.csv")
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")
    assert csv_response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in csv_response["Content-Disposition"]
    assert f"Inovasi {XSS}".replace('"', '""') in page_text(csv_response)  # kept whole, nothing lost
    json_response = client.get("/data/inovasi.json")
    assert json_response["Content-Type"].startswith("application/json")
    (record,) = json.loads(page_text(json_response))["data"]
    assert record["nama"] == f"Inovasi {XSS}" and record["ringkasan"] == f"summary {XSS}"
    assert_unchanged(before)


def test_formula_payloads_do_not_run_in_a_spreadsheet(client, world):
    entry(world.jatipurno, S.PUBLISHED, title='=HYPERLINK("http://evil.example","klik")', unit="+1+cmd|' /C calc'!A0")
    text = page_text(client.get("/data/inovasi.csv"))
    assert "'=HYPERLINK(" in text and "'+1+cmd" in text
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_stored_payloads_are_kept_verbatim(hostile_entry):
    """Escaping happens on output only: what staff typed is stored exactly as typed."""
    hostile_entry.refresh_from_db()
    assert hostile_entry.title == f"Inovasi {XSS}"
    assert all(getattr(hostile_entry, name) == f"{name} {XSS}" for name in INNOVATION_TEXT_FIELDS)


@pytest.mark.parametrize("query", [
    "tema=%27%20OR%201%3D1--", "tahun=abc", "tahapan=" + "x" * 10000, "provinsi=%ff%fe", "page=abc",
    "urut=password", "tahun=99999999999999999999", "kecamatan=..%2F..%2F", "digital=<script>",
])
def test_list_filters_with_hostile_values_answer_200_with_a_message(client, hostile_entry, query):
    before = stored_rows()
    response = client.get(f"/inovasi/?{query}")
    assert response.status_code == 200
    html = page_text(response)
    assert 'class="message message-warning filter-messages"' in html
    assert "<script>" not in html  # the page's own scripts all have src=
    assert_unchanged(before)


def test_unknown_list_parameters_are_ignored(client, hostile_entry):
    response = client.get("/inovasi/?zzz=1&__proto__[x]=1&q=inovasi")
    assert response.status_code == 200
    assert hostile_entry.get_absolute_url() in page_text(response)


# --- Articles: Markdown with dangerous links and raw HTML; the feed ---------------------------------

HOSTILE_MARKDOWN = """# Judul di isi

[klik saya](javascript:alert(1)) dan [JaVaScRiPt](JaVaScRiPt:alert(5)) dan [spasi]( javascript:alert(6))

[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) dan [entitas](&#106;avascript:alert(7))

<script>alert(2)</script>

<iframe src="https://evil.example/"></iframe>

<img src=x onerror=alert(3)> <a href="javascript:alert(4)">mentah</a> <div onclick="alert(8)">div</div>

![pelacak](https://evil.example/track.png) ![svg](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)

[tautan aman](https://contoh.go.id/berita) dan **tebal**.
"""


@pytest.fixture
def hostile_article(db):
    return ArticleFactory(title=f"Artikel {XSS}", summary=f"Ringkasan {XSS}", body=HOSTILE_MARKDOWN,
                          source_name=f"Sumber {XSS}", is_featured=True)


class ActiveContent(HTMLParser):
    """Collects what a browser would run: script/iframe/object tags, on* handlers, javascript:/data: URLs."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed") and not (tag == "script" and dict(attrs).get("src")):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            url = (value or "").strip().lower()
            if name.startswith("on") or (name in ("href", "src", "action", "formaction")
                                         and url.startswith(("javascript:", "data:", "vbscript:"))):
                self.found.append(f"{tag} {name}={value}")
            if tag == "img" and name == "src" and "evil.example" in url:
                self.found.append(f"img src={value}")


def assert_no_active_content(html):
    parser = ActiveContent()
    parser.feed(html)
    assert not parser.found, parser.found


def test_markdown_links_and_raw_html_are_defused_on_the_article_page(client, hostile_article):
    before = stored_rows()
    response = client.get(f"/artikel/{hostile_article.slug}/")
    assert response.status_code == 200
    html = page_text(response)
    body = html.split("Judul di isi", 1)[1]
    assert_no_active_content(body)
    assert "klik saya" in body and "tautan aman" in body and "<strong>tebal</strong>" in body
    assert 'href="https://contoh.go.id/berita"' in body
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in body  # raw HTML shown as text, not dropped
    assert_escaped(html)
    assert_unchanged(before)


@pytest.mark.parametrize("url", ["/artikel/", "/", "/artikel/feed/", "/artikel/feed/atom/"])
def test_article_payloads_are_escaped_in_lists_and_feeds(client, hostile_article, url):
    before = stored_rows()
    response = client.get(url)
    assert response.status_code == 200
    text = page_text(response)
    assert "<script>alert" not in text and "javascript:" not in text.lower()
    assert "&lt;script&gt;" in text  # the title is there, escaped (in the feeds: as XML text)
    assert_unchanged(before)


def test_the_stored_markdown_is_kept_verbatim(hostile_article):
    hostile_article.refresh_from_db()
    assert hostile_article.body == HOSTILE_MARKDOWN and hostile_article.title == f"Artikel {XSS}"


# --- Awards: competition, category and recipient names --------------------------------------------

@pytest.fixture
def hostile_award(world, hostile_entry):
    return ResultFactory(category__competition__name=f"Lomba {XSS}",
                         category__competition__organizer=f"Penyelenggara {XSS}", category__name=f"Kategori {XSS}",
                         recipient_kind="unit", unit_name=f"Unit {XSS}", kecamatan=world.jatipurno,
                         innovation=hostile_entry)


@pytest.mark.parametrize(("url", "shown"), [
    ("/penghargaan/", ["Lomba", "Penyelenggara"]),
    ("/penghargaan/{slug}/", ["Lomba", "Penyelenggara", "Kategori", "Unit"]),
    ("/wilayah/33.12.21/", ["Lomba", "Kategori", "Unit"]),
    ("/inovasi/{entry}/", ["Lomba", "Kategori", "Unit"]),
    ("/", ["Lomba", "Kategori", "Unit"]),
])
def test_award_names_render_escaped(client, hostile_award, url, shown):
    before = stored_rows()
    competition = hostile_award.category.competition
    response = client.get(url.format(slug=competition.slug, entry=hostile_award.innovation.slug))
    assert response.status_code == 200
    html = page_text(response)
    assert_escaped(html)
    for label in shown:
        assert f"{label} &lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in html, label
    assert_unchanged(before)


# --- Award rounds: the staff's entry form sent twice, and without a token ------------------------

@pytest.fixture
def open_round(world):
    round_ = RoundFactory(with_setup=True, status=Round.Status.OPEN)
    CategoryFactory(competition=round_.competition, name="Pelayanan publik")
    return round_


def test_a_round_entry_sent_twice_is_entered_once(client, world, open_round):
    innovation = entry(world.jatipurno, S.PUBLISHED, title="Jumat SMART")
    client.force_login(world.staf)
    data = {"innovation": innovation.pk, "category": open_round.competition.categories.get().pk}
    assert client.post(f"/lomba/{open_round.slug}/daftar/", data).status_code == 302
    before = stored_rows()
    replay = client.post(f"/lomba/{open_round.slug}/daftar/", data)
    assert replay.status_code == 200
    assert "belum terdaftar di putaran ini" in page_text(replay)
    assert Entry.objects.filter(round=open_round, innovation=innovation).count() == 1
    assert_unchanged(before)


def test_a_round_entry_without_csrf_token_is_refused(world, open_round):
    innovation = entry(world.jatipurno, S.PUBLISHED, title="Jumat SMART")
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(world.staf)
    before = stored_rows()
    data = {"innovation": innovation.pk, "category": open_round.competition.categories.get().pk}
    assert csrf_client.post(f"/lomba/{open_round.slug}/daftar/", data).status_code == 403
    assert_unchanged(before)
