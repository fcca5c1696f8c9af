"""The page django-axes shows to a locked-out user name and address (AXES_LOCKOUT_CALLABLE)."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    """HTTP 429 with the lock-out page; it says the same whether the user name exists or not."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "registration/lockout.html", context, status=429)


def lockout_username(request, credentials=None):
    """The user name axes records (AXES_USERNAME_CALLABLE), cut to its 255-character column.

    Django's log-in forms pass an over-long user name on to authenticate(); uncut, axes'
    insert of it fails on PostgreSQL and the log-in page would answer 500.
    """
    source = credentials if credentials else getattr(request, "data", request.POST)
    username = source.get(settings.AXES_USERNAME_FORM_FIELD)
    return username[:255] if isinstance(username, str) else username
