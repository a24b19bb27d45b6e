from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "conum.programme"
    verbose_name = "Programme"

    def ready(self):
        from conum.core import navigation
        from conum.core.roles import Role

        navigation.register([Role.NATIONAL_STAFF], "Paramètres du programme", "programme:parameters", order=80)
        navigation.register([Role.NATIONAL_STAFF, Role.PREFECTURE_AGENT], "Dotations", "programme:quotas", order=70)
