from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "conum.api"
    verbose_name = "API"

    def ready(self):
        from conum.core import journal, navigation

        from . import labels

        journal.register_labels(labels.JOURNAL_LABELS)
        navigation.register_all(labels.NAVIGATION)
