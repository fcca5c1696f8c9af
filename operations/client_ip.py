"""The visitor's address as seen by the first trusted proxy, for django-axes' per-address lock-out."""

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies the address the outermost of them saw.

    Only the entries our own proxies appended to X-Forwarded-For are trusted: a client may
    send any value there itself, so the left-most entries prove nothing.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if count > 0 and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
