from conum.core import apps as core_apps


class ApiConfig(core_apps.LabelledAppConfig):
    name = "conum.api"
    verbose_name = "API"
