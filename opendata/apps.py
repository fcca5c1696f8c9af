"""Open data: exports of published innovations and the statistics page."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Data terbuka dan statistik")
