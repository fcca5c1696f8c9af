"""Site-wide pages: the home page and robots.txt."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from articles.models import Article
from awards.models import Result
from awards.selectors import latest_results
from innovations import selectors
from innovations.sitemaps import url_name_exists
from inovasi_portal.cache import remember

# Never crawled: the workspace, log-in, language switches and the exports behind the list.
ROBOTS_DISALLOW = ["/admin/", "/akun/", "/i18n/", "/bahasa/", "/data/inovasi."]


def headline_figures():
    """Entries, kecamatan taking part and awards: three counts over whole tables, hence remembered."""
    return {"innovations": selectors.count_published(), "kecamatan": selectors.kecamatan_taking_part(),
            "awards": Result.objects.count()}


def home(request):
    context = {
        "figures": remember("home-figures", headline_figures),
        "featured_articles": list(
            Article.objects.published().filter(is_featured=True).order_by("-published_at", "-id")[:3]
        ),
        # Articles get their own pages from the articles app; until then they are listed without a link.
        "articles_linkable": url_name_exists("articles:detail", "contoh"),
        "newest": selectors.newest(6),
        "latest_results": latest_results(6),
    }
    return render(request, "home.html", context)


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW),
             f"Sitemap: {settings.SITE_URL}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
