from django.apps import AppConfig


class SteeringConfig(AppConfig):
    name = "conum.steering"
    verbose_name = "Pilotage, statistiques et données ouvertes"

    def ready(self):
        from conum.core import navigation
        from conum.core.roles import Role

        navigation.register([Role.NATIONAL_STAFF, Role.PREFECTURE_AGENT], "Pilotage", "steering:deployment", order=5)
        navigation.register(
            [Role.NATIONAL_STAFF, Role.PREFECTURE_AGENT, Role.STRUCTURE_MANAGER, Role.COORDINATOR],
            "Statistiques",
            "steering:statistics",
            order=85,
        )
