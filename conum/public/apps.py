from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "conum.public"
    verbose_name = "Site public"
