from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "conum.accounts"
    verbose_name = "Comptes"

    def ready(self):
        from conum.core import journal, navigation

        from . import labels

        journal.register_labels(labels.JOURNAL_LABELS)
        navigation.register_all(labels.NAVIGATION)
