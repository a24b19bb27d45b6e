from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "conum.activity"
    verbose_name = "Activité des conseillers"
