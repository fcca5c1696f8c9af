"""Every public page makes as many queries with 40 generated entries as with 5: nothing grows with the data."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from innovations.models import Innovation
from tests.factories import ArticleFactory, InnovationFactory, ResultFactory

pytestmark = pytest.mark.django_db


def generate(count, seed):
    call_command("generate_innovations", count=count, seed=seed, stdout=io.StringIO())


def public_pages(entry, competition):
    """The pages of one entry's surroundings, so that every list on them has rows at both sizes."""
    word = entry.title.split()[-1].lower()
    return [
        "/",
        "/inovasi/",
        f"/inovasi/?provinsi={entry.provinsi_id}&tema={entry.theme.slug}",
        f"/inovasi/?q={word}+warga",
        f"/inovasi/?q={word}+warga&urut=relevan",
        "/inovasi/?page=2",
        entry.get_absolute_url(),
        f"/wilayah/{entry.kecamatan_id}/",
        f"/wilayah/{entry.kabupaten_id}/",
        f"/wilayah/{entry.provinsi_id}/",
        "/statistik/",
        "/penghargaan/",
        competition.get_absolute_url(),
        "/artikel/",
        "/artikel/feed/",
        "/data/",
    ]


def query_counts(client, settings, pages):
    """Queries of the second request of each page, page cache off: per-process warm-up left aside."""
    settings.PAGE_CACHE_ENABLED = False
    counts = {}
    for url in pages:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_the_number_of_entries(client, settings, demo_regions):
    generate(5, seed=21)
    entry = Innovation.objects.filter(is_generated=True).order_by("id").first()
    # Lists that are empty skip their prefetch queries: give each list on these pages a row from the start.
    InnovationFactory(published=True, kecamatan=entry.kecamatan, theme=entry.theme, title="Saudara sekecamatan")
    result = ResultFactory(innovation=entry, kecamatan=entry.kecamatan)
    ArticleFactory(is_featured=True)
    pages = public_pages(entry, result.category.competition)
    small = query_counts(client, settings, pages)
    generate(35, seed=22)
    assert Innovation.objects.published().count() == 41
    large = query_counts(client, settings, pages)
    assert large == small
