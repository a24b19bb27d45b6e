from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "conum.programme"
    verbose_name = "Programme"

    def ready(self):
        from conum.core import journal, navigation

        from . import labels

        journal.register_labels(labels.JOURNAL_LABELS)
        navigation.register_all(labels.NAVIGATION)
