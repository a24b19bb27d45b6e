from conum.core import apps as core_apps


class StructuresConfig(core_apps.LabelledAppConfig):
    name = "conum.structures"
    verbose_name = "Structures d'accueil"

    def ready(self):
        super().ready()
        from conum.programme.signals import count_granted_posts

        from . import signals

        count_granted_posts.connect(signals.granted_posts, dispatch_uid="structures_granted_posts")
