"""URL map of the portal: one include per app."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from innovations.sitemaps import SITEMAPS
from inovasi_portal import language, views
from operations import views as operations_views

admin.site.site_header = _("Portal Inovasi Kecamatan")
admin.site.site_title = _("Portal Inovasi Kecamatan")
admin.site.index_title = _("Ruang kerja")

# A database outage raised outside a view still gets the friendly 503 page.
handler500 = operations_views.server_error

urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
         name="sitemap"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("admin/", admin.site.urls),
    path("healthz", operations_views.healthz, name="healthz"),
    path("akun/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("bahasa/<str:code>/", language.switch_language, name="switch_language"),
    path("wilayah/", include("regions.urls")),
    path("inovasi/", include("innovations.urls")),
    path("penghargaan/", include("awards.urls")),
    path("artikel/", include("articles.urls")),
    path("lomba/", include("rounds.urls")),
    path("", include("opendata.urls")),
]

if settings.SERVE_MEDIA:
    # Uploaded files from local storage; nginx or S3 serves them in larger set-ups.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
