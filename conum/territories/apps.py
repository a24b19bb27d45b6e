from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "conum.territories"
    verbose_name = "Territoires"
