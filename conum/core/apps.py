from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "conum.core"
    verbose_name = "Socle"

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the deployment checks)
            navigation,
        )
        from .roles import Role

        navigation.register([Role.NATIONAL_STAFF], "Journal", "core:journal", order=95)
