"""The portal's URLs plus /_bench/dasar/: base.html rendered with no query, the ceiling of this machine."""

from django.shortcuts import render
from django.urls import path

from inovasi_portal.urls import urlpatterns as portal_urlpatterns


def bare_page(request):
    return render(request, "base.html")


urlpatterns = [path("_bench/dasar/", bare_page, name="bench-bare"), *portal_urlpatterns]
