"""Addresses of award rounds under /lomba/: dashboard and actions of the organiser, entry form, juror pages."""

from django.urls import path

from rounds import views

app_name = "rounds"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/buka/", views.open_round, name="open"),
    path("<slug:slug>/mulai-penilaian/", views.start_judging, name="start_judging"),
    path("<slug:slug>/tutup-nilai/", views.close_scores, name="close_scores"),
    path("<slug:slug>/umumkan/", views.publish, name="publish"),
    path("<slug:slug>/peserta/<int:entry_id>/administrasi/", views.admin_check, name="admin_check"),
    path("<slug:slug>/tahap/<int:stage_id>/saring/", views.shortlist, name="shortlist"),
    path("<slug:slug>/daftar/", views.enter, name="enter"),
    path("<slug:slug>/juri/", views.juror_list, name="juror_list"),
    path("<slug:slug>/juri/<int:entry_id>/", views.score, name="score"),
    path("<slug:slug>/juri/<int:entry_id>/kunjungan/", views.field_visit, name="field_visit"),
]
