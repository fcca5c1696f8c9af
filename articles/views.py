"""Article pages: the list (newest first) and one page per published article."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.http import http_date

from articles.markdown import render_markdown
from articles.models import Article
from articles.selectors import linked_items, published_articles

PAGE_SIZE = 10


def article_list(request):
    page = Paginator(published_articles(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "articles/article_list.html", {"page_obj": page, "articles": page.object_list})


def article_detail(request, slug):
    # Drafts and future-dated articles are outside published(): a 404, like a page that never existed.
    article = get_object_or_404(Article.objects.published().select_related("author"), slug=slug)
    response = render(request, "articles/article_detail.html", {
        "article": article,
        "body_html": render_markdown(article.body),
        **linked_items(article),
    })
    # With the ETag of ConditionalGetMiddleware, a reader's second visit can be a 304.
    response["Last-Modified"] = http_date(article.updated_at.timestamp())
    return response
