from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def plan_word_searches_for_their_words(sender, connection, **kwargs):
    """Every PostgreSQL connection runs its word searches unprepared (innovations.search.plan_for_its_words)."""
    from innovations.search import plan_for_its_words

    if connection.vendor == "postgresql" and plan_for_its_words not in connection.execute_wrappers:
        connection.execute_wrappers.append(plan_for_its_words)


class InnovationsConfig(AppConfig):
    name = "innovations"
    verbose_name = _("Inovasi")

    def ready(self):
        connection_created.connect(plan_word_searches_for_their_words, dispatch_uid="plan-word-searches")
