"""Log-in and log-out of the staff workspace (/akun/); django-axes guards the log-in."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

urlpatterns = [
    # LoginView follows `next` only to this site's own host over an allowed scheme
    # (url_has_allowed_host_and_scheme); anything else falls back to LOGIN_REDIRECT_URL.
    path("masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("mulai/", views.after_login, name="after_login"),
]
