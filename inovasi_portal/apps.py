"""The portal package as an app, so that site-wide wiring (page-cache invalidation) runs at start-up."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "inovasi_portal"
    verbose_name = "Portal Inovasi Kecamatan"

    def ready(self):
        from inovasi_portal.cache import connect_signals

        connect_signals()
