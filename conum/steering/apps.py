from django.apps import AppConfig


class SteeringConfig(AppConfig):
    name = "conum.steering"
    verbose_name = "Pilotage, statistiques et données ouvertes"

    def ready(self):
        from conum.core import navigation

        from . import labels

        navigation.register_all(labels.NAVIGATION)
