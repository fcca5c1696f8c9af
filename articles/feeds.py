"""RSS and Atom feeds of the published articles (/artikel/feed/ and /artikel/feed/atom/)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from articles.selectors import published_articles

FEED_SIZE = 20


class ArticleFeed(Feed):
    title = _("Artikel Portal Inovasi Kecamatan")
    description = _("Cerita inovasi kecamatan, penghargaan, dan kabar dari forum camat.")
    link = reverse_lazy("articles:list")
    feed_url = reverse_lazy("articles:feed")
    language = "id"

    def items(self):
        return published_articles()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        # The list query leaves updated_at out; the publish date is what readers sort by.
        return item.published_at


class ArticleAtomFeed(ArticleFeed):
    feed_type = Atom1Feed
    subtitle = ArticleFeed.description
    feed_url = reverse_lazy("articles:feed_atom")
