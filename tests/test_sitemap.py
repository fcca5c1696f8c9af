"""/sitemap.xml and /robots.txt: what search engines may find, and only what is public."""

import pytest

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    CompetitionFactory,
    InnovationFactory,
    KabupatenFactory,
    KecamatanFactory,
    ProvinsiFactory,
    ResultFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False
    settings.SITE_URL = "https://inovasi.contoh.go.id"


def section(client, name):
    response = client.get(f"/sitemap-{name}.xml")
    assert response.status_code == 200
    return response.content.decode()


def test_index_lists_every_section(client):
    page = client.get("/sitemap.xml").content.decode()
    for name in ("inovasi", "wilayah", "artikel", "penghargaan"):
        assert f"/sitemap-{name}.xml" in page


def test_innovations_only_published(client):
    published = InnovationFactory(published=True, title="Terbit")
    hidden = [InnovationFactory(status=status) for status in ("draft", "submitted", "returned", "rejected")]
    page = section(client, "inovasi")
    assert published.get_absolute_url() in page
    assert "<lastmod>" in page
    for entry in hidden:
        assert entry.get_absolute_url() not in page


def test_regions_with_content_only(client):
    jateng = ProvinsiFactory(code="33")
    wonogiri = KabupatenFactory(code="33.12", provinsi=jateng)
    with_entry = KecamatanFactory(code="33.12.21", kabupaten=wonogiri)
    with_award = KecamatanFactory(code="33.12.20", kabupaten=wonogiri)
    with_draft = KecamatanFactory(code="33.12.19", kabupaten=wonogiri)
    empty_kab = KabupatenFactory(code="33.13", provinsi=jateng)
    InnovationFactory(published=True, kecamatan=with_entry)
    InnovationFactory(kecamatan=with_draft)
    ResultFactory(kecamatan=with_award)
    page = section(client, "wilayah")
    for region in (jateng, wonogiri, with_entry, with_award):
        assert f"{region.get_absolute_url()}</loc>" in page
    for region in (with_draft, empty_kab):
        assert f"{region.get_absolute_url()}</loc>" not in page


def test_articles_and_competitions(client):
    article = ArticleFactory(title="Terbit")
    draft = ArticleFactory(title="Draf", status=Article.Status.DRAFT)
    competition = CompetitionFactory()
    assert article.get_absolute_url() in section(client, "artikel")
    assert draft.get_absolute_url() not in section(client, "artikel")
    assert competition.get_absolute_url() in section(client, "penghargaan")


def test_sitemap_query_count_is_constant(client, django_assert_num_queries):
    for _ in range(5):
        InnovationFactory(published=True)
    with django_assert_num_queries(2):
        section(client, "inovasi")
    for _ in range(45):
        InnovationFactory(published=True)
    with django_assert_num_queries(2):
        assert section(client, "inovasi").count("<url>") == 50


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text
    assert "Disallow: /admin/" in text and "Disallow: /akun/" in text
    assert "Sitemap: https://inovasi.contoh.go.id/sitemap.xml" in text
