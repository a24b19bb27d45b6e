from conum.core import apps as core_apps


class RecruitmentConfig(core_apps.LabelledAppConfig):
    name = "conum.recruitment"
    verbose_name = "Recrutement"

    def ready(self):
        super().ready()
        from . import signals  # noqa: F401  (connects its receivers)
