from conum.core import apps as core_apps


class ActivityConfig(core_apps.LabelledAppConfig):
    name = "conum.activity"
    verbose_name = "Activité des conseillers"
