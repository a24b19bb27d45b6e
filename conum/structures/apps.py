from django.apps import AppConfig


class StructuresConfig(AppConfig):
    name = "conum.structures"
    verbose_name = "Structures d'accueil"

    def ready(self):
        from conum.core import journal, navigation
        from conum.programme.signals import count_granted_posts

        from . import labels, signals

        count_granted_posts.connect(signals.granted_posts, dispatch_uid="structures_granted_posts")
        journal.register_labels(labels.JOURNAL_LABELS)
        navigation.register_all(labels.NAVIGATION)
