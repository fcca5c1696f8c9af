"""Log-in protection: same answer for unknown users, lock-out after 5 failures, unlock, safe `next=`."""

import io
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command

from accounts.models import Role
from tests.factories import RoleAssignmentFactory, UserFactory

LOGIN = "/akun/masuk/"
PASSWORD = "sandi-uji-12345"


def without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def fail(client, url=LOGIN, username="siti", ip="10.0.0.1"):
    return client.post(url, {"username": username, "password": "salah-sekali"}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_unknown_user_and_wrong_password_get_the_same_answer(client):
    user = UserFactory(username="siti")
    wrong_password = fail(client)
    AccessAttempt.objects.all().delete()
    user.delete()
    unknown_user = fail(client)
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert without_tokens(wrong_password.content.decode()) == without_tokens(unknown_user.content.decode())
    assert wrong_password.context["form"].non_field_errors() == unknown_user.context["form"].non_field_errors()
    assert "benar" in str(wrong_password.context["form"].non_field_errors())  # Django's Indonesian message


@pytest.mark.django_db
def test_five_failures_lock_the_user_and_address_pair(client):
    UserFactory(username="siti")
    for _ in range(4):
        assert fail(client).status_code == 200
    locked = fail(client)
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in locked.content.decode()
    assert "60 menit" in locked.content.decode()
    # Even the right password is refused now, with the same page.
    right = client.post(LOGIN, {"username": "siti", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert right.status_code == 429 and "_auth_user_id" not in client.session
    # The same user from another address is not locked (the pair is).
    other = client.post(LOGIN, {"username": "siti", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 302 and client.session["_auth_user_id"]


@pytest.mark.django_db
def test_lock_out_page_is_the_same_for_an_unknown_user_name(client):
    UserFactory(username="siti")
    for _ in range(5):
        known = fail(client, username="siti")
        unknown = fail(client, username="tidak-ada")
    assert known.status_code == unknown.status_code == 429
    assert without_tokens(known.content.decode()) == without_tokens(unknown.content.decode())


@pytest.mark.django_db
def test_admin_login_is_locked_too(client):
    UserFactory(username="siti", is_superuser=True)
    for _ in range(5):
        response = fail(client, url="/admin/login/")
    assert response.status_code == 429
    right = client.post("/admin/login/", {"username": "siti", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert right.status_code == 429


@pytest.mark.django_db
def test_administrator_unlocks_with_axes_reset(client):
    UserFactory(username="siti")
    for _ in range(5):
        fail(client)
    assert AccessAttempt.objects.filter(username="siti").exists()
    call_command("axes_reset_username", "siti", stdout=io.StringIO())
    response = client.post(LOGIN, {"username": "siti", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302


@pytest.mark.django_db
def test_administrator_sees_and_deletes_attempts_in_the_admin(client):
    UserFactory(username="siti")
    for _ in range(5):
        fail(client)
    admin_user = UserFactory(username="admin", is_superuser=True)
    client.force_login(admin_user)
    listing = client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "siti" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="siti")
    client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert not AccessAttempt.objects.exists()
    client.logout()
    assert client.post(LOGIN, {"username": "siti", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1").status_code == 302


@pytest.mark.django_db
def test_successful_login_clears_earlier_failures(client):
    UserFactory(username="siti")
    for _ in range(4):
        fail(client)
    assert client.post(LOGIN, {"username": "siti", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1").status_code == 302
    client.logout()
    for _ in range(4):
        assert fail(client).status_code == 200


@pytest.mark.django_db
def test_forwarded_address_is_used_only_behind_a_trusted_proxy(client, settings):
    UserFactory(username="siti")
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        # nginx appends the address it saw; the client's own left-most entry is ignored.
        client.post(LOGIN, {"username": "siti", "password": "x"}, REMOTE_ADDR="127.0.0.1",
                    HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    attempt = AccessAttempt.objects.get(username="siti")
    assert attempt.ip_address == "203.0.113.7"
    # Another visitor behind the same proxy is not locked out.
    other_visitor = client.post(LOGIN, {"username": "siti", "password": PASSWORD}, REMOTE_ADDR="127.0.0.1",
                                HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert other_visitor.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "https:evil.example", "/\\evil.example", "http://testserver.evil.example/",
    "javascript:alert(1)",
])
def test_next_never_leaves_the_site(client, target):
    UserFactory(username="siti")
    response = client.post(f"{LOGIN}?next={target}", {"username": "siti", "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/akun/mulai/"  # on to the workspace: tests/test_after_login.py


@pytest.mark.django_db
def test_next_to_a_page_of_the_portal_is_followed(client):
    UserFactory(username="siti")
    response = client.post(LOGIN, {"username": "siti", "password": PASSWORD, "next": "/wilayah/"})
    assert response["Location"] == "/wilayah/"


@pytest.mark.django_db
def test_login_page_escapes_next(client):
    page = client.get(LOGIN, {"next": '"><script>alert(1)</script>'})
    assert "<script>alert(1)</script>" not in page.content.decode()
    assert "&lt;script&gt;" in page.content.decode()


def test_password_rules_are_djangos_validators():
    for weak in ["12345678", "password", "pendek"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("kecamatan-jatipurno-inovasi-2025")


@pytest.mark.django_db
def test_portal_administrator_without_superuser_unlocks_in_the_admin(client):
    UserFactory(username="siti")
    for _ in range(5):
        fail(client)
    administrator = RoleAssignmentFactory(role=Role.ADMIN, user=UserFactory(username="admin-portal")).user
    staff = RoleAssignmentFactory(role=Role.STAF, region_code="33.12.21", user=UserFactory(username="staf")).user
    attempt = AccessAttempt.objects.get(username="siti")
    client.force_login(staff)
    assert client.get("/admin/axes/accessattempt/").status_code == 403
    assert client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    client.force_login(administrator)
    assert "siti" in client.get("/admin/axes/accessattempt/").content.decode()
    assert client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.exists()
    client.logout()
    assert client.post(LOGIN, {"username": "siti", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1").status_code == 302
