from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "conum.core"
    verbose_name = "Socle"
