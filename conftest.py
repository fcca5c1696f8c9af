"""Test-wide settings: plain static storage (no collectstatic manifest needed) and fast hashing."""

import pytest


def pytest_configure(config):
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Django asks SQLite whether it has JSON on the first JSON expression of a connection: asked here once,
    so that the query counts of whichever test happens to run first on a worker do not include it."""
    from django.db import connection

    with django_db_blocker.unblock():
        assert connection.features.supports_json_field


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads of each test go to a folder of its own, removed afterwards."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a request made in English (the test client activates
    the request's language in the test's own thread) must not turn the next test's labels English."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
