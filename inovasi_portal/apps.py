"""The portal package as an app, so that site-wide wiring (page-cache invalidation, how PostgreSQL connections
send numbers) runs at start-up."""

from django.apps import AppConfig
from django.db.backends.signals import connection_created


class PortalConfig(AppConfig):
    name = "inovasi_portal"
    verbose_name = "Portal Inovasi Kecamatan"

    def ready(self):
        from inovasi_portal.cache import connect_signals
        from inovasi_portal.database import send_ints_as_int4_or_wider

        connect_signals()
        connection_created.connect(send_ints_as_int4_or_wider, dispatch_uid="send-ints-as-int4-or-wider")
