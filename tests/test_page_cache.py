"""The anonymous page cache: hits, what it never stores, invalidation at once, and the language links."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.template import engines
from django.urls import path
from django.utils import timezone

from accounts.models import Role
from innovations import workflow
from innovations.models import Innovation
from inovasi_portal import urls as portal_urls
from inovasi_portal.cache import GENERATION_KEY, remember
from tests.factories import (
    ArticleFactory,
    IndicatorFactory,
    InnovationFactory,
    KecamatanFactory,
    ResultFactory,
    RoleAssignmentFactory,
    UserFactory,
)


def published_titles(request):
    """A stand-in public page: what the list, detail and home pages show comes from the same rows."""
    titles = "|".join(Innovation.objects.published().order_by("title").values_list("title", flat=True))
    return HttpResponse(f"<p>{titles}</p>")


def page_with_form(request):
    template = engines["django"].from_string('<form method="post">{% csrf_token %}</form>')
    return HttpResponse(template.render({}, request))


def base_page(request):
    return render(request, "base.html")


urlpatterns = [
    path("_uji/terbit/", published_titles),
    path("_uji/formulir/", page_with_form),
    path("_uji/dasar/", base_page),
    *portal_urls.urlpatterns,
]
pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture
def entry():
    return InnovationFactory(title="Jumat SMART", published=True)


def test_second_anonymous_request_is_served_from_the_cache_without_queries(client, entry, django_assert_num_queries):
    first = client.get("/_uji/terbit/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/_uji/terbit/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert client.head("/_uji/terbit/")["X-Page-Cache"] == "hit"


def test_query_string_and_language_are_part_of_the_key(client, entry):
    client.get("/_uji/terbit/?halaman=1")
    assert client.get("/_uji/terbit/?halaman=2")["X-Page-Cache"] == "miss"
    assert client.get("/_uji/terbit/?halaman=1")["X-Page-Cache"] == "hit"
    english = client.get("/_uji/terbit/?halaman=1", HTTP_ACCEPT_LANGUAGE="en")
    assert english["X-Page-Cache"] == "miss"


def test_approving_an_entry_shows_at_once(client, entry):
    pending = InnovationFactory(title="Solid Center", status=Innovation.Status.SUBMITTED)
    assert "Solid Center" not in client.get("/_uji/terbit/").content.decode()
    generation = cache.get(GENERATION_KEY)
    pending.status, pending.published_at = Innovation.Status.PUBLISHED, timezone.now()
    pending.save()
    assert cache.get(GENERATION_KEY) != generation
    response = client.get("/_uji/terbit/")
    assert response["X-Page-Cache"] == "miss"
    assert "Solid Center" in response.content.decode()


def test_changing_and_unpublishing_a_published_entry_show_at_once(client, entry):
    client.get("/_uji/terbit/")
    entry.title = "Jumat SMART Kawedanan"
    entry.save()
    assert "Jumat SMART Kawedanan" in client.get("/_uji/terbit/").content.decode()
    entry.status = Innovation.Status.RETURNED
    entry.save()
    assert "Jumat SMART" not in client.get("/_uji/terbit/").content.decode()


def test_draft_work_does_not_empty_the_cache(client, entry):
    draft = InnovationFactory(title="Masih draf")
    client.get("/_uji/terbit/")
    draft.summary = "Diperbaiki staf."
    draft.save()
    IndicatorFactory(innovation=draft)
    assert client.get("/_uji/terbit/")["X-Page-Cache"] == "hit"
    IndicatorFactory(innovation=entry)
    assert client.get("/_uji/terbit/")["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("change", ["result", "article", "delete"])
def test_award_results_articles_and_deletions_make_pages_stale(client, entry, change):
    client.get("/_uji/terbit/")
    if change == "result":
        ResultFactory(kecamatan=KecamatanFactory(), innovation=None)
    elif change == "article":
        ArticleFactory()
    else:
        entry.delete()
    assert client.get("/_uji/terbit/")["X-Page-Cache"] == "miss"


def test_logged_in_user_never_gets_nor_fills_the_cache(client, entry):
    user = UserFactory()
    client.get("/_uji/dasar/")
    client.force_login(user)
    page = client.get("/_uji/dasar/")
    assert "X-Page-Cache" not in page
    assert "Ruang kerja" in page.content.decode()
    cache.clear()
    client.get("/_uji/dasar/")
    client.logout()
    anonymous = client.get("/_uji/dasar/")
    assert anonymous["X-Page-Cache"] == "miss"
    assert "Ruang kerja" not in anonymous.content.decode()


def test_pages_with_a_csrf_token_or_a_pending_message_are_not_cached(client):
    client.get("/_uji/formulir/")
    assert "X-Page-Cache" not in client.get("/_uji/formulir/")
    client.cookies["messages"] = "apa saja"
    assert "X-Page-Cache" not in client.get("/_uji/dasar/")


def test_public_pages_carry_no_csrf_token_and_switch_language_by_link(client):
    page = client.get("/_uji/dasar/?a=1")
    body = page.content.decode()
    assert "csrfmiddlewaretoken" not in body and "csrftoken" not in page.cookies
    assert 'href="/bahasa/en/?next=/_uji/dasar/%3Fa%3D1"' in body
    switched = client.get("/bahasa/en/", {"next": "/_uji/dasar/?a=1"})
    assert switched.status_code == 302 and switched["Location"] == "/_uji/dasar/?a=1"
    english = client.get("/_uji/dasar/?a=1")
    assert '<html lang="en">' in english.content.decode()
    assert english["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("target", ["https://penipu.example/", "//penipu.example/x", "javascript:alert(1)"])
def test_language_switch_never_redirects_outside(client, target):
    response = client.get("/bahasa/id/", {"next": target})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/bahasa/xx/").status_code == 404


def test_conditional_get_answers_304_also_from_the_cache(client, entry):
    first = client.get("/_uji/terbit/")
    etag = first["ETag"]
    assert client.get("/_uji/terbit/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/_uji/terbit/")["ETag"] == etag


@pytest.fixture
def reviewer():
    user = UserFactory(username="reviewer.nasional")
    RoleAssignmentFactory(user=user, role=Role.REVIEWER, region_code="")
    return user


def test_real_pages_show_an_approval_and_an_unpublishing_at_once(client, entry, reviewer,
                                                                  django_capture_on_commit_callbacks):
    pending = InnovationFactory(title="Solid Center Kutoarjo", status=Innovation.Status.SUBMITTED)
    pages = ["/", "/inovasi/", entry.get_absolute_url()]
    for url in pages:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(pending, reviewer)
    assert "Solid Center Kutoarjo" in client.get("/").content.decode()
    assert "Solid Center Kutoarjo" in client.get("/inovasi/").content.decode()
    assert client.get(pending.get_absolute_url()).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(pending, reviewer, "Data anggaran keliru.")
    assert "Solid Center Kutoarjo" not in client.get("/inovasi/").content.decode()
    assert "Solid Center Kutoarjo" not in client.get("/").content.decode()
    assert client.get(pending.get_absolute_url()).status_code == 404


def test_real_detail_page_shows_a_change_at_once(client, entry):
    url = entry.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    entry.summary = "Ringkasan yang diperbarui reviewer."
    entry.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Ringkasan yang diperbarui reviewer." in response.content.decode()


def test_remembered_figures_last_until_the_next_public_change(entry, django_assert_num_queries):
    def count():
        return Innovation.objects.published().count()

    assert remember("jumlah", count) == 1
    with django_assert_num_queries(0):
        assert remember("jumlah", count) == 1
    InnovationFactory(published=True)
    assert remember("jumlah", count) == 2
