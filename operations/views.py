"""Operational views: the health check, the 503 page and the 500 handler that falls back to it."""

import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.defaults import server_error as django_server_error


def database_unavailable(request):
    """The 503 page; its template touches no database (no user, no session, no menu from tables)."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "60"
    return response


@never_cache
@require_safe
def healthz(request):
    """200 "ok" while the database answers a query, 503 otherwise; for load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except (OperationalError, InterfaceError):
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def server_error(request):
    """handler500: an outage raised outside a view (e.g. in a middleware) still gets the 503 page."""
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        return database_unavailable(request)
    return django_server_error(request)
