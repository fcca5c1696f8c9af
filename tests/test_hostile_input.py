"""Hostile input: each case asserts the safe outcome and that nothing stored was lost or changed.

Covers script payloads rendered on public pages and exports, Markdown links and raw HTML,
hostile uploads, abusive filter values and parameters, guessed object URLs of another
kecamatan (IDOR), posts without a CSRF token, replayed forms and two people saving one entry.
"""

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from articles.models import Article
from operations.forms import ConcurrentEditForm, SubmitOnceForm
from tests.factories import ArticleFactory, KabupatenFactory, KecamatanFactory, ProvinsiFactory, UserFactory

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
