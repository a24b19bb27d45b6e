from django.apps import AppConfig


class SteeringConfig(AppConfig):
    name = "conum.steering"
    verbose_name = "Pilotage, statistiques et données ouvertes"
