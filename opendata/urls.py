"""Routes of the open data: /data/ (documentation and exports) and /statistik/."""

from django.urls import path

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("data/", views.index, name="index"),
    path("data/inovasi.csv", views.innovations_csv, name="innovations_csv"),
    path("data/inovasi.json", views.innovations_json, name="innovations_json"),
    path("data/inovasi.schema.json", views.schema, name="schema"),
    path("data/wilayah.csv", views.regions_csv, name="regions_csv"),
    path("statistik/", views.statistics_page, name="statistics"),
]
