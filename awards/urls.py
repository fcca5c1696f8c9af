"""Award pages under /penghargaan/."""

from django.urls import path

from awards import views

app_name = "awards"

urlpatterns = [
    path("", views.competition_list, name="list"),
    path("<slug:slug>/", views.competition_detail, name="detail"),
]
