"""Articles: only published ones reach the list, the page and the feeds; covers are checked; editors only."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import Role
from articles.models import Article
from tests.factories import (
    ArticleFactory,
    CompetitionFactory,
    DesaFactory,
    InnovationFactory,
    KecamatanFactory,
    RoleAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def days_ago(n):
    return timezone.now() - datetime.timedelta(days=n)


def jpeg(width=1600, height=900, name="sampul.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def articles():
    return {
        "old": ArticleFactory(title="Majene dan laporan inovasi", published_at=days_ago(30)),
        "new": ArticleFactory(title="Jatipurno juara WIA 2025", published_at=days_ago(1)),
        "draft": ArticleFactory(title="Draf rahasia", status=Article.Status.DRAFT, published_at=days_ago(2)),
        "future": ArticleFactory(title="Terbit besok", published_at=timezone.now() + datetime.timedelta(days=1)),
    }


# --- Public pages -------------------------------------------------------------------------------

def test_list_shows_published_articles_newest_first(client, articles):
    response = client.get("/artikel/")
    assert [a.title for a in response.context["articles"]] == ["Jatipurno juara WIA 2025",
                                                               "Majene dan laporan inovasi"]
    page = response.content.decode()
    assert "Draf rahasia" not in page and "Terbit besok" not in page
    assert 'type="application/rss+xml"' in page


@pytest.mark.parametrize("key", ["draft", "future"])
def test_drafts_and_future_articles_are_a_404(client, articles, key):
    assert client.get(articles[key].get_absolute_url()).status_code == 404


def test_list_is_paginated(client):
    for i in range(13):
        ArticleFactory(published_at=days_ago(i + 1))
    first = client.get("/artikel/")
    assert len(first.context["articles"]) == 10
    assert 'href="?page=2"' in first.content.decode()
    assert len(client.get("/artikel/?page=2").context["articles"]) == 3
    assert client.get("/artikel/?page=oops").status_code == 200


def test_article_page_renders_sanitised_markdown_and_the_source(client):
    article = ArticleFactory(
        title="Jumat SMART", source_name="iNews.id", source_url="https://www.inews.example/berita",
        body="## Empat pekan\n\n**Senam**, jalan-jalan <script>alert(1)</script> [x](javascript:alert(1))",
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<h2>Empat pekan</h2>" in page and "<strong>Senam</strong>" in page
    assert "<script>alert(1)</script>" not in page
    assert "javascript:" not in page
    assert '<a href="https://www.inews.example/berita" rel="noopener noreferrer nofollow">iNews.id</a>' in page


def test_linked_items_appear_as_cards_and_unpublished_innovations_do_not(client):
    kecamatan = KecamatanFactory(name="Kawedanan")
    desa = DesaFactory(kecamatan=kecamatan, name="Sampung")
    public = InnovationFactory(title="Jumat SMART", kecamatan=kecamatan, published=True)
    hidden = InnovationFactory(title="Masih Draf", kecamatan=kecamatan)
    competition = CompetitionFactory(name="Sinergisitas Kinerja Kecamatan 2023")
    article = ArticleFactory()
    article.innovations.set([public, hidden])
    article.competitions.set([competition])
    article.kecamatan.set([kecamatan])
    article.desa.set([desa])
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'<a href="{public.get_absolute_url()}">Jumat SMART</a>' in page
    assert "Masih Draf" not in page
    assert f'<a href="{competition.get_absolute_url()}">Sinergisitas Kinerja Kecamatan 2023</a>' in page
    assert f'<a href="/wilayah/{kecamatan.code}/">Kecamatan Kawedanan</a>' in page
    assert f'<a href="/wilayah/{desa.code}/">Desa Sampung</a>' in page


def test_article_page_answers_a_conditional_get_with_304(client, articles):
    url = articles["new"].get_absolute_url()
    first = client.get(url)
    assert first.has_header("Last-Modified") and first.has_header("ETag")
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_competition_page_shows_its_published_articles(client):
    competition = CompetitionFactory()
    shown = ArticleFactory(title="Pembinaan pemenang", published_at=days_ago(3))
    draft = ArticleFactory(title="Belum terbit", status=Article.Status.DRAFT)
    for article in (shown, draft):
        article.competitions.add(competition)
    page = client.get(competition.get_absolute_url()).content.decode()
    assert "Pembinaan pemenang" in page and "Belum terbit" not in page


# article, innovations, competitions, provinsi, kabupaten, kecamatan, desa
DETAIL_QUERIES = 7
LIST_QUERIES = 2  # count, page


@pytest.mark.parametrize("n", [5, 50])
def test_query_counts_do_not_grow(client, django_assert_num_queries, n):
    kecamatan = KecamatanFactory()
    article = ArticleFactory(cover=jpeg(800, 450))
    article.innovations.set([InnovationFactory(kecamatan=kecamatan, published=True) for _ in range(n // 5)])
    article.kecamatan.set([kecamatan])
    for i in range(n):
        ArticleFactory(published_at=days_ago(i + 2), cover=jpeg(400, 300) if i < 3 else None)
    with django_assert_num_queries(DETAIL_QUERIES):
        assert client.get(article.get_absolute_url()).status_code == 200
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get("/artikel/").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/artikel/feed/").status_code == 200


# --- Feeds --------------------------------------------------------------------------------------

def test_rss_feed_lists_published_articles_only(client, articles):
    response = client.get("/artikel/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    assert "<title>Jatipurno juara WIA 2025</title>" in body
    assert "<title>Majene dan laporan inovasi</title>" in body
    assert "Draf rahasia" not in body and "Terbit besok" not in body
    assert body.index("Jatipurno juara") < body.index("Majene dan laporan")
    assert f"http://testserver{articles['new'].get_absolute_url()}" in body


def test_atom_feed_and_its_conditional_get(client, articles):
    response = client.get("/artikel/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Jatipurno juara WIA 2025" in body and "Draf rahasia" not in body
    assert response.has_header("Last-Modified")
    again = client.get("/artikel/feed/atom/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


def test_publishing_a_draft_brings_it_into_the_feed(client, articles):
    assert "Draf rahasia" not in client.get("/artikel/feed/").content.decode()
    articles["draft"].status = Article.Status.PUBLISHED
    articles["draft"].save()
    assert "Draf rahasia" in client.get("/artikel/feed/").content.decode()


# --- Cover images -------------------------------------------------------------------------------

def test_cover_is_re_encoded_with_renditions_and_offered_as_srcset(client):
    article = ArticleFactory(cover=jpeg(1600, 900), cover_alt="Penyerahan penghargaan")
    assert article.cover_renditions == [320, 640, 1280]
    assert (article.cover_width, article.cover_height) == (1600, 900)
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'alt="Penyerahan penghargaan"' in page
    assert "-640w.webp 640w" in page and "-1280w.webp 1280w" in page


def test_a_cover_that_is_not_a_picture_is_refused_with_a_message():
    article = Article(title="Sampul palsu", summary="Ringkas", body="Isi", cover_alt="x",
                      cover=SimpleUploadedFile("sampul.jpg", b"<svg onload=alert(1)>", content_type="image/jpeg"))
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "bukan foto JPEG, PNG atau WebP" in error.value.message_dict["cover"][0]


def test_a_cover_needs_its_description_and_a_source_link_needs_its_name():
    article = Article(title="Tanpa keterangan", summary="Ringkas", body="Isi", cover=jpeg(),
                      source_url="https://media.example/berita")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert set(error.value.message_dict) == {"cover_alt", "source_name"}


def test_an_article_cannot_take_the_feed_address():
    assert ArticleFactory(title="Feed").slug != "feed"


# --- Admin: editors and administrators only -----------------------------------------------------

def user_with(role, region=""):
    user = UserFactory()
    RoleAssignmentFactory(user=user, role=role, region_code=region)
    return user


@pytest.mark.parametrize(("role", "region"), [(Role.STAF, ""), (Role.REVIEWER, "")])
def test_staff_and_reviewers_cannot_open_article_admin_pages(client, articles, role, region):
    if role == Role.STAF:
        region = KecamatanFactory().code
    client.force_login(user_with(role, region))
    article = articles["new"]
    for url in ["/admin/articles/article/", "/admin/articles/article/add/",
                f"/admin/articles/article/{article.pk}/change/", f"/admin/articles/article/{article.pk}/delete/",
                f"/admin/articles/article/{article.pk}/history/"]:
        assert client.get(url).status_code == 403, url
    response = client.post(f"/admin/articles/article/{article.pk}/change/", {"title": "Diubah diam-diam"})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Jatipurno juara WIA 2025"


def test_editor_writes_an_article_in_the_admin_as_its_author(client):
    editor = user_with(Role.EDITOR)
    client.force_login(editor)
    assert client.get("/admin/articles/article/add/").status_code == 200
    data = {
        "title": "Solid Center Kutoarjo", "slug": "", "summary": "Forum perencanaan desa.", "body": "Isi.",
        "cover_alt": "", "source_name": "", "source_url": "", "status": "published",
        "published_at_0": "2025-09-15", "published_at_1": "09:00:00", "is_featured": "on",
    }
    response = client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302
    article = Article.objects.get(slug="solid-center-kutoarjo")
    assert article.author == editor and article.is_featured
