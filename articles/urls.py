"""Article pages and feeds under /artikel/."""

from django.urls import path

from articles import views
from articles.feeds import ArticleAtomFeed, ArticleFeed

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("feed/", ArticleFeed(), name="feed"),
    path("feed/atom/", ArticleAtomFeed(), name="feed_atom"),
    path("<slug:slug>/", views.article_detail, name="detail"),
]
