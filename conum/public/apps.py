from conum.core import apps as core_apps


class PublicConfig(core_apps.LabelledAppConfig):
    name = "conum.public"
    verbose_name = "Site public"
