"""Operations: /healthz, the 503 page on database outage, friendly error pages, one log line per request."""

import logging
import re
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.test import Client
from django.urls import include, path

from operations.views import server_error


def boom(request):
    raise RuntimeError("kesalahan uji")


def forbidden(request):
    raise PermissionDenied


# This module doubles as a small URLconf for the error-page tests (pytest.mark.urls).
urlpatterns = [path("boom/", boom), path("terlarang/", forbidden), path("", include("inovasi_portal.urls"))]
handler500 = "operations.views.server_error"

database_down = mock.patch(
    "django.db.backends.utils.CursorWrapper.execute",
    side_effect=OperationalError("could not connect to server: Connection refused"),
)


@pytest.mark.django_db
def test_healthz_answers_ok_without_session_or_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert "Vary" not in response or "Cookie" not in response["Vary"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not_answer(client):
    with database_down:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


@pytest.mark.django_db
def test_healthz_refuses_posts(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_database_outage_gives_the_friendly_503_page(client):
    with database_down:
        response = client.get("/wilayah/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "Layanan sedang tidak tersedia" in html
    assert "Traceback" not in html and "OperationalError" not in html and "Connection refused" not in html
    assert response["Content-Security-Policy"]


@pytest.mark.django_db
def test_outage_raised_in_a_middleware_still_gets_503():
    client = Client(raise_request_exception=False)
    with mock.patch("django.contrib.auth.middleware.AuthenticationMiddleware.process_request",
                    side_effect=OperationalError("server closed the connection unexpectedly")):
        response = client.get("/wilayah/")
    assert response.status_code == 503
    assert "Layanan sedang tidak tersedia" in response.content.decode()


def test_server_error_handler_gives_500_for_other_errors(rf):
    try:
        raise ValueError("bukan basis data")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Terjadi kesalahan di server" in response.content.decode()


@pytest.mark.django_db
def test_friendly_404_in_indonesian(client):
    response = client.get("/inovasi-yang-tidak-pernah-ada/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html and "Kembali ke beranda" in html
    assert '<link rel="stylesheet"' in html


@pytest.mark.django_db
@pytest.mark.urls("tests.test_operations")
def test_friendly_500_in_indonesian():
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Terjadi kesalahan di server" in html and "kesalahan uji" not in html and "Traceback" not in html


@pytest.mark.django_db
@pytest.mark.urls("tests.test_operations")
def test_friendly_403_in_indonesian(client):
    response = client.get("/terlarang/")
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_page_is_indonesian():
    response = Client(enforce_csrf_checks=True).post("/akun/masuk/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulir kedaluwarsa" in html and "muat ulang" in html


@pytest.mark.django_db
def test_one_log_line_per_request_with_method_path_status_and_duration(client, caplog):
    caplog.set_level(logging.INFO)
    client.get("/halaman-yang-hilang/?q=rahasia")
    client.get("/healthz")
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2, lines
    assert re.fullmatch(r"GET /halaman-yang-hilang/ 404 \d+\.\dms", lines[0])
    assert re.fullmatch(r"GET /healthz 200 \d+\.\dms", lines[1])
    assert all(r.name == "operations.request" for r in caplog.records)


@pytest.mark.django_db
def test_friendly_400_in_indonesian(client):
    response = client.get("/media/..%2f..%2fmanage.py")
    assert response.status_code == 400
    assert "Permintaan tidak dapat diproses" in response.content.decode()


def test_every_environment_variable_of_the_settings_is_documented():
    root = Path(__file__).resolve().parent.parent
    settings_source = (root / "inovasi_portal" / "settings.py").read_text()
    names = set(re.findall(r'env(?:_bool|_list)?\("([A-Z][A-Z0-9_]+)"', settings_source)) | {"DATABASE_URL"}
    assert {"DJANGO_ENV", "DJANGO_SECRET_KEY", "REDIS_URL", "AWS_STORAGE_BUCKET_NAME"} <= names
    deploy = (root / "docs" / "deploy.md").read_text()
    assert [name for name in sorted(names) if f"`{name}`" not in deploy] == []
