from conum.core import apps as core_apps


class SteeringConfig(core_apps.LabelledAppConfig):
    name = "conum.steering"
    verbose_name = "Pilotage, statistiques et données ouvertes"
