from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "conum.public"
    verbose_name = "Site public"

    def ready(self):
        from conum.core import navigation

        from . import labels

        navigation.register_all(labels.NAVIGATION)
