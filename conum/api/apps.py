from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "conum.api"
    verbose_name = "API"

    def ready(self):
        from conum.core import journal, navigation
        from conum.core.roles import Role

        from . import clients

        journal.register_labels(clients.JOURNAL_LABELS)
        navigation.register([Role.NATIONAL_STAFF], "Clients API", "api_clients:list", order=92)
