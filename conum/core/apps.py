from importlib import import_module

from django.apps import AppConfig


class LabelledAppConfig(AppConfig):
    """An app whose `labels` module declares what it shows elsewhere: its JOURNAL_LABELS, NAVIGATION and
    WORKLIST (what each role has to do, shown in "Mon espace").

    Subclass it through the module (`core_apps.LabelledAppConfig`): a class imported by name into an
    apps.py would be a second AppConfig there, and Django would no longer pick the app's own.
    """

    def ready(self):
        from . import journal_labels, navigation, worklist

        labels = import_module(f"{self.name}.labels")
        journal_labels.register_labels(getattr(labels, "JOURNAL_LABELS", {}))
        navigation.register_all(getattr(labels, "NAVIGATION", []))
        worklist.register_all(getattr(labels, "WORKLIST", []))


class CoreConfig(LabelledAppConfig):
    name = "conum.core"
    verbose_name = "Socle"
    # Django's pick among the two AppConfig subclasses of this module.
    default = True

    def ready(self):
        super().ready()
        from . import checks  # noqa: F401  (registers the deployment checks)
