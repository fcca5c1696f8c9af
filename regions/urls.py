from django.urls import path, re_path

from regions import views

app_name = "regions"

# Codes are matched loosely here so that a malformed one reaches the view and gets a styled 404.
urlpatterns = [
    path("", views.provinsi_list, name="list"),
    path("anak.json", views.region_children_json, name="children_root"),
    re_path(r"^(?P<code>[^/]{1,40})/anak\.json$", views.region_children_json, name="children"),
    re_path(r"^(?P<code>[^/]{1,40})/$", views.region_detail, name="detail"),
]
