"""Sitemaps of the public content: innovations, regions with content, articles and competitions.

Sections whose pages do not exist yet (no URL named "articles:detail" or "awards:detail")
are simply empty, so the sitemap never links to a page that answers 404.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.urls import NoReverseMatch, reverse

from articles.models import Article
from awards.models import Competition, Result
from innovations.models import Innovation
from regions.models import Kabupaten, Kecamatan, Provinsi


def url_name_exists(name, example):
    try:
        reverse(name, args=[example])
    except NoReverseMatch:
        return False
    return True


class InnovationSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Innovation.objects.published().only("slug", "updated_at").order_by("id")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # Django's default would call lastmod() on every entry for the sitemap index.
        return Innovation.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class RegionSitemap(Sitemap):
    """Provinsi, kabupaten and kecamatan with a published innovation or an award inside them."""

    changefreq = "weekly"
    priority = 0.5
    limit = 5000

    def items(self):
        published = Innovation.objects.published()
        kecamatan = Kecamatan.objects.filter(
            Exists(published.filter(kecamatan_id=OuterRef("code")))
            | Exists(Result.objects.filter(kecamatan_id=OuterRef("code")))
        ).only("code")
        kabupaten = Kabupaten.objects.filter(Exists(published.filter(kabupaten_id=OuterRef("code")))).only("code")
        provinsi = Provinsi.objects.filter(Exists(published.filter(provinsi_id=OuterRef("code")))).only("code")
        return [*provinsi, *kabupaten, *kecamatan]


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    limit = 5000

    def items(self):
        if not url_name_exists("articles:detail", "contoh"):
            return Article.objects.none()
        return Article.objects.published().only("slug", "updated_at").order_by("id")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class CompetitionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 5000

    def items(self):
        if not url_name_exists("awards:detail", "contoh"):
            return Competition.objects.none()
        return Competition.objects.only("slug").order_by("id")


SITEMAPS = {
    "inovasi": InnovationSitemap,
    "wilayah": RegionSitemap,
    "artikel": ArticleSitemap,
    "penghargaan": CompetitionSitemap,
}
