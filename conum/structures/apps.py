from conum.core import apps as core_apps


class StructuresConfig(core_apps.LabelledAppConfig):
    name = "conum.structures"
    verbose_name = "Structures d'accueil"

    def ready(self):
        super().ready()
        from . import signals  # noqa: F401  (connects its receiver of the programme's count_granted_posts)
