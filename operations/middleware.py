"""Middleware for running the portal: one log line per request, Permissions-Policy, a 503 page on database outage."""

import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError

from operations.views import database_unavailable

logger = logging.getLogger("operations.request")


class RequestLogMiddleware:
    """Logs `METHOD path status duration` once per request, whatever answered it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = (time.perf_counter() - started) * 1000
        # The path only, never the query string: it may carry search words or tokens.
        logger.info("%s %s %s %.1fms", request.method, request.path, response.status_code, duration_ms)
        return response


# Uploaded files never run anything: if an HTML or SVG file slipped past the upload checks,
# its scripts and styles stay blocked because it is served under this policy.
MEDIA_CSP = "default-src 'none'; img-src 'self'; frame-ancestors 'none'"


class PermissionsPolicyMiddleware:
    """Switches off browser features the portal never uses (camera, microphone, location, ...).

    Also gives files under MEDIA_URL their own locked-down Content-Security-Policy; django-csp,
    outside this middleware, leaves a policy that is already set alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if request.path.startswith(settings.MEDIA_URL):
            response["Content-Security-Policy"] = MEDIA_CSP
        return response


class DatabaseOutageMiddleware:
    """Answers with the friendly 503 page when the database cannot be reached, instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("database unavailable on %s %s: %s", request.method, request.path, exception)
            return database_unavailable(request)
        return None
