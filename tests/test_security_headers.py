"""Security headers on every response, cookie flags, and `check --deploy` being clean in production."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import resolve

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    # 64 random-looking characters, as `check --deploy` asks (>= 50 chars, >= 5 distinct).
    "DJANGO_SECRET_KEY": "k8#Vq2!pZr7@Lw4$Nt9^Hs1&Jc6*Xb3(Md5)Fg0-Ty8=Ua2+Re7_Wi4[Oq1]Pl9",
    "DJANGO_ALLOWED_HOSTS": "inovasi.example.go.id",
}


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "SECURE_"))}
    env.update(extra)
    env["DJANGO_SETTINGS_MODULE"] = "inovasi_portal.settings"
    return env


def csp_directives(header):
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


def test_check_deploy_is_clean_in_production():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=clean_env(**PRODUCTION_ENV), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_in_development():
    """The same check does see the development defaults (proof the test above can fail)."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT, env=clean_env(), capture_output=True, text=True, timeout=120,
    )
    assert "security.W004" in result.stderr  # no HSTS outside production
    assert "security.W012" in result.stderr  # session cookie not Secure


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/akun/masuk/", "/halaman-yang-tidak-ada/", "/healthz", "/admin/login/"])
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    csp = csp_directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    # HSTS belongs to production only: on a development http:// origin it would be wrong.
    assert "Strict-Transport-Security" not in response


@pytest.mark.django_db
def test_static_files_carry_the_headers_too(client):
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200
    assert "Content-Security-Policy" in response and response["X-Content-Type-Options"] == "nosniff"


PRODUCTION_PROBE = """
import django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
settings.STORAGES = {**settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
response = Client().get("/healthz", secure=True, HTTP_HOST="inovasi.example.go.id")
for name in ("Strict-Transport-Security", "Content-Security-Policy", "Permissions-Policy", "X-Frame-Options"):
    print(name + ": " + response.headers.get(name, "-"))
print("redirect:", Client().get("/akun/masuk/", HTTP_HOST="inovasi.example.go.id").status_code)
print("health over http:", Client().get("/healthz", HTTP_HOST="inovasi.example.go.id").status_code)
print("cookies:", settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY,
      settings.CSRF_COOKIE_SECURE, settings.CSRF_COOKIE_HTTPONLY, settings.SESSION_COOKIE_AGE)
print("language cookie:", settings.LANGUAGE_COOKIE_SECURE, settings.LANGUAGE_COOKIE_HTTPONLY)
"""


def test_production_sends_hsts_with_preload_and_redirects_to_https():
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE], cwd=ROOT,
        env=clean_env(**PRODUCTION_ENV, DATABASE_URL="sqlite:///:memory:"), capture_output=True, text=True, timeout=120,
    )
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    assert lines["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload", result.stderr
    assert "frame-ancestors 'none'" in lines["Content-Security-Policy"]
    assert lines["X-Frame-Options"] == "DENY"
    assert "microphone=()" in lines["Permissions-Policy"]
    assert lines["redirect"] == "301"
    assert lines["health over http"] == "200"  # load balancers check over plain HTTP
    # Secure + HttpOnly session and CSRF cookies; the session ends after 8 hours.
    assert lines["cookies"] == "True True True True 28800"
    assert lines["language cookie"] == "True True"


@pytest.mark.django_db
def test_csrf_and_session_cookies_are_httponly(client, django_user_model):
    django_user_model.objects.create_user("pengguna", password="sandi-rahasia-987")
    page = client.get("/akun/masuk/")
    assert page.cookies["csrftoken"]["httponly"] is True
    response = client.post("/akun/masuk/", {"username": "pengguna", "password": "sandi-rahasia-987"})
    assert response.status_code == 302
    assert response.cookies["sessionid"]["httponly"] is True
    assert response.cookies["sessionid"]["samesite"] == "Lax"
    assert response.cookies["sessionid"]["max-age"] == 28800


INLINE_PATTERNS = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE),
    "<style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "event-handler attribute": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def project_templates():
    folders = [ROOT / "templates", *ROOT.glob("*/templates")]
    return sorted(p for folder in folders if ".venv" not in folder.parts for p in folder.rglob("*.html"))


def test_no_template_needs_unsafe_inline():
    """The CSP allows no inline script or style: no template of ours may contain any."""
    found = [f"{path.relative_to(ROOT)}: {label}"
             for path in project_templates() for label, pattern in INLINE_PATTERNS.items()
             if pattern.search(path.read_text(encoding="utf-8"))]
    assert len(project_templates()) > 10
    assert not found, found


@pytest.mark.django_db
def test_uploaded_files_are_served_under_a_policy_that_runs_nothing(client):
    # The media route took MEDIA_ROOT when the URLconf was first imported.
    media = Path(resolve("/media/sisipan.html").kwargs["document_root"])
    media.mkdir(parents=True, exist_ok=True)
    (media / "sisipan.html").write_text("<script>alert(1)</script>")
    response = client.get("/media/sisipan.html")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; img-src 'self'; frame-ancestors 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
