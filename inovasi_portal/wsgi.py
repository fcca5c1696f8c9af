"""WSGI entry point (gunicorn inovasi_portal.wsgi)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inovasi_portal.settings")
application = get_wsgi_application()
