"""Reads of published articles for lists, feeds, the article page and the pages that link to articles."""

from articles.models import Article
from innovations.models import Innovation

LIST_FIELDS = ["title", "slug", "summary", "cover", "cover_width", "cover_height", "cover_renditions", "cover_alt",
               "source_name", "published_at", "is_featured", "status"]


def published_articles():
    """Newest first; what the list and the feeds show."""
    return Article.objects.published().only(*LIST_FIELDS).order_by("-published_at", "-id")


def featured_articles(limit=3):
    return published_articles().filter(is_featured=True)[:limit]


def articles_for_competition(competition, limit=6):
    return list(published_articles().filter(competitions=competition)[:limit])


def articles_for_innovation(innovation, limit=6):
    return list(published_articles().filter(innovations=innovation)[:limit])


def linked_items(article):
    """The items an article links to, for its cards: published innovations only, then competitions,
    then regions from provinsi down to desa. A fixed number of queries, whatever the links."""
    return {
        "innovations": list(article.innovations.filter(status=Innovation.Status.PUBLISHED)
                            .select_related("kecamatan", "kabupaten", "theme")),
        "competitions": list(article.competitions.all()),
        "regions": [*article.provinsi.all(), *article.kabupaten.all(),
                    *article.kecamatan.select_related("kabupaten"), *article.desa.select_related("kecamatan")],
    }
