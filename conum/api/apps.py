from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "conum.api"
    verbose_name = "API"

    def ready(self):
        from conum.api.clients import services as clients
        from conum.core import journal, navigation
        from conum.core.roles import Role

        journal.register_labels(clients.JOURNAL_LABELS)
        navigation.register([Role.NATIONAL_STAFF], "Clients API", "api_clients:list", order=92)
