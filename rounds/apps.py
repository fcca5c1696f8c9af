"""Application config of award rounds (entries, jury scores, field visits, results)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundsConfig(AppConfig):
    name = "rounds"
    verbose_name = _("Putaran lomba")
