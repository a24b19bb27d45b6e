from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "conum.activity"
    verbose_name = "Activité des conseillers"

    def ready(self):
        from conum.core import journal, navigation

        from . import labels

        journal.register_labels(labels.JOURNAL_LABELS)
        navigation.register_all(labels.NAVIGATION)
