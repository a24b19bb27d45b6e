from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "conum.api"
    verbose_name = "API"

    def ready(self):
        from conum.core import journal

        from . import clients

        journal.register_labels(clients.JOURNAL_LABELS)
