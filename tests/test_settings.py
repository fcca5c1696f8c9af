"""The settings switches: defaults, DATABASE_URL, production refusing to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_settings(code, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "inovasi_portal.settings"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; " + code],
        cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60,
    )


def test_defaults_use_sqlite_console_email_and_local_media():
    result = run_settings(
        "print(settings.DATABASES['default']['ENGINE']); print(settings.EMAIL_BACKEND);"
        "print(settings.MEDIA_ROOT); print(settings.TIME_ZONE, settings.LANGUAGE_CODE, settings.DEBUG)"
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "django.db.backends.sqlite3"
    assert lines[1] == "django.core.mail.backends.console.EmailBackend"
    assert lines[2] == str(ROOT / "media")
    assert lines[3] == "Asia/Jakarta id False"


def test_database_url_selects_postgresql():
    result = run_settings("print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'])",
                          DATABASE_URL="postgres://postgres@127.0.0.1:5432/contoh")
    assert result.stdout.strip() == "django.db.backends.postgresql contoh"


def test_postgresql_prepares_repeated_statements_unless_turned_off():
    code = "o = settings.DATABASES['default']['OPTIONS']; print(o['server_side_binding'], o['prepare_threshold'])"
    url = "postgres://postgres@127.0.0.1:5432/contoh"
    assert run_settings(code, DATABASE_URL=url).stdout.strip() == "True 5"
    assert run_settings(code, DATABASE_URL=url, DATABASE_PREPARE_THRESHOLD="off").stdout.strip() == "True None"
    assert run_settings(code, DATABASE_URL=url, DATABASE_PREPARE_THRESHOLD="20").stdout.strip() == "True 20"
    sqlite = run_settings("print(settings.DATABASES['default'].get('OPTIONS', {}).get('prepare_threshold'))")
    assert sqlite.stdout.strip() == "None"


def test_production_refuses_to_start_without_secret_and_hosts():
    result = run_settings("print('started')", DJANGO_ENV="production")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr and "DJANGO_ALLOWED_HOSTS" in result.stderr
    result = run_settings("print('started')", DJANGO_ENV="production", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode != 0 and "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_turns_on_secure_switches():
    result = run_settings(
        "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_PRELOAD, settings.ALLOWED_HOSTS)",
        DJANGO_ENV="production", DJANGO_SECRET_KEY="x" * 60, DJANGO_ALLOWED_HOSTS="inovasi.example.id",
        DJANGO_DEBUG="1",
    )
    assert result.stdout.strip() == "False True True ['inovasi.example.id']"


def test_indonesian_date_format(settings):
    from datetime import date

    from django.template import Context, Template
    from django.utils import translation

    with translation.override("id"):
        assert Template("{{ d|date }}").render(Context({"d": date(2025, 12, 18)})) == "18 Desember 2025"
    with translation.override("en"):
        assert Template("{{ d|date }}").render(Context({"d": date(2025, 12, 18)})) == "18 December 2025"
