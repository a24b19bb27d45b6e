from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "conum.api"
    verbose_name = "API"
