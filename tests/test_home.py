"""The home page: search box, headline figures, featured articles, newest entries and latest awards."""

import pytest

from articles.models import Article
from tests.factories import ArticleFactory, InnovationFactory, KecamatanFactory, ResultFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def populate(count):
    kecamatan = [KecamatanFactory() for _ in range(3)]
    for n in range(count):
        entry = InnovationFactory(published=True, kecamatan=kecamatan[n % 3], title=f"Terbit {n}")
        ResultFactory(kecamatan=entry.kecamatan, innovation=entry)
        ArticleFactory(title=f"Artikel Pilihan {n}", is_featured=True)
    return kecamatan


def test_home_shows_search_figures_and_newest(client):
    populate(4)
    InnovationFactory(title="Draf Rahasia")
    InnovationFactory(status="returned", title="Dikembalikan Rahasia")
    InnovationFactory(status="submitted", title="Diajukan Rahasia")
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'action="/inovasi/"' in page and 'name="q"' in page
    assert response.context["figures"] == {"innovations": 4, "kecamatan": 3, "awards": 4}
    assert [entry.title for entry in response.context["newest"]] == ["Terbit 3", "Terbit 2", "Terbit 1", "Terbit 0"]
    assert "Rahasia" not in page
    assert len(response.context["latest_results"]) == 4


def test_only_published_featured_articles(client):
    ArticleFactory(title="Pilihan Terbit", is_featured=True)
    ArticleFactory(title="Biasa Terbit", is_featured=False)
    ArticleFactory(title="Pilihan Draf", is_featured=True, status=Article.Status.DRAFT)
    page = client.get("/").content.decode()
    assert "Pilihan Terbit" in page
    assert "Biasa Terbit" not in page and "Pilihan Draf" not in page


def test_home_query_count_is_constant(client, django_assert_num_queries):
    populate(5)
    with django_assert_num_queries(6):
        client.get("/")
    # The three headline counts and the latest results are remembered until the next public change:
    # featured articles and newest entries remain.
    with django_assert_num_queries(2):
        assert client.get("/").context["figures"] == {"innovations": 5, "kecamatan": 3, "awards": 5}
    populate(45)
    with django_assert_num_queries(6):
        response = client.get("/")
    assert response.context["figures"] == {"innovations": 50, "kecamatan": 6, "awards": 50}
    with django_assert_num_queries(2):
        client.get("/")
