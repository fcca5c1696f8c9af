"""Anonymous page cache: whole public pages in Django's cache, all made stale at once by one generation key.

Only visitors without a session or messages cookie are served from the cache or fill it, so a
logged-in user never sees a cached page and never stores one. A response is stored only when
nothing in it can belong to one visitor: status 200, not streamed, no cookie set, no CSRF token
used (a page with a POST form is simply not cached), session untouched, and no Cache-Control
`private`/`no-store`/`no-cache` (views opt out with `never_cache`). The key holds the generation,
the language and the absolute URL with its query string.

Any change that the public could see bumps the generation (`invalidate_pages()`): saves and
deletes of published innovations and their parts, and of every award and article row. Code that
writes with `QuerySet.update()` or `bulk_create` (which send no signals) calls `invalidate_pages()`
itself; `PAGE_CACHE_SECONDS` bounds the age of a page in any case.

`remember(name, compute)` keeps a value such as the home page's totals under the same generation,
for figures that would otherwise count the whole table on every request.
"""

import hashlib
import time

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models import signals
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_max_age, set_response_etag

GENERATION_KEY = "pagecache:generation"
# Response headers that do not make a page differ between visitors of the same language.
HARMLESS_VARY = {"accept-language", "accept-encoding"}
# Apps whose every row may appear on a public page; innovations are filtered to what is public.
ALWAYS_PUBLIC_APPS = ("awards", "articles")


def invalidate_pages():
    """Make every cached page stale at once (a new generation; old entries just expire)."""
    cache.set(GENERATION_KEY, time.time_ns(), None)


def _public_change():
    """Stale at once, and once more when the transaction commits: a page rendered in between from the
    not yet committed state must not live on under the new generation."""
    invalidate_pages()
    transaction.on_commit(invalidate_pages)


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)
        generation = cache.get(GENERATION_KEY)
    return generation


def remember(name, compute, timeout=None):
    """A value computed from public data (a count over all entries, chart figures), kept until the next
    public change: the same generation as the pages, so it is never staler than they are. Works for
    logged-in users too, since the value holds nothing personal."""
    key = f"pagecache-value:{current_generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.PAGE_CACHE_SECONDS if timeout is None else timeout)
    return value


def page_key(request):
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"pagecache:{current_generation()}:{request.LANGUAGE_CODE}:{url}"


def may_use_cache(request):
    """True for an anonymous GET/HEAD of a public page: the visitor carries no session or messages."""
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and len(request.META.get("QUERY_STRING", "")) <= 2000
        and not request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS))
    )


def may_store(request, response):
    """True when nothing in the response belongs to this one visitor."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    if not vary <= HARMLESS_VARY:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")) or get_max_age(response) == 0:
        return False
    return True


class AnonymousPageCacheMiddleware:
    """Serve and store whole pages for anonymous visitors; sits after Locale, Session and Messages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_use_cache(request):
            return self.get_response(request)
        key = page_key(request)
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if request.method == "GET" and may_store(request, response):
            if not response.has_header("ETag"):
                set_response_etag(response)
            cache.set(key, (response.status_code, list(response.items()), response.content),
                      settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response


def _innovation_app_changed(sender, instance, **kwargs):
    """Bump only when the public could see the change: drafts under review change nothing public."""
    Innovation = apps.get_model("innovations", "Innovation")
    if isinstance(instance, Innovation):
        if instance.status == Innovation.Status.PUBLISHED or getattr(instance, "_page_cache_was_public", False):
            _public_change()
        return
    innovation_id = getattr(instance, "innovation_id", None)
    if innovation_id is None:
        indicator = getattr(instance, "indicator", None)
        innovation_id = getattr(indicator, "innovation_id", None)
    if innovation_id is None or Innovation.objects.published().filter(pk=innovation_id).exists():
        _public_change()


def _remember_public_state(sender, instance, **kwargs):
    """Before an innovation is saved: was it public? Unpublishing must make its pages stale too."""
    instance._page_cache_was_public = bool(
        instance.pk and sender.objects.published().filter(pk=instance.pk).exists()
    )


def _relation_changed(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        Innovation = apps.get_model("innovations", "Innovation")
        if not isinstance(instance, Innovation) or instance.status == Innovation.Status.PUBLISHED:
            _public_change()


def _always(sender, **kwargs):
    _public_change()


def connect_signals():
    """Wire invalidation to every model of the apps whose rows reach public pages."""
    Innovation = apps.get_model("innovations", "Innovation")
    signals.pre_save.connect(_remember_public_state, sender=Innovation, dispatch_uid="pagecache-pre-innovation")
    for label, receiver in [("innovations", _innovation_app_changed)] + [(a, _always) for a in ALWAYS_PUBLIC_APPS]:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            uid = f"pagecache-{model._meta.label_lower}"
            if model._meta.auto_created:
                signals.m2m_changed.connect(_relation_changed, sender=model, dispatch_uid=uid)
                continue
            signals.post_save.connect(receiver, sender=model, dispatch_uid=uid + "-save")
            signals.post_delete.connect(receiver, sender=model, dispatch_uid=uid + "-delete")
