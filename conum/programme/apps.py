from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "conum.programme"
    verbose_name = "Programme"

    def ready(self):
        from conum.core import journal, navigation
        from conum.core.roles import Role

        journal.register_labels(
            {
                "programme.parameters_updated": "Paramètres du programme modifiés",
                "programme.quota_set": "Dotation fixée",
                "programme.initial_quotas_set": "Dotations initiales fixées",
                "programme.minimum_wage_added": "SMIC ajouté",
                "programme.training_track_updated": "Parcours de formation modifié",
            }
        )

        navigation.register([Role.NATIONAL_STAFF], "Paramètres du programme", "programme:parameters", order=80)
        navigation.register([Role.NATIONAL_STAFF, Role.PREFECTURE_AGENT], "Dotations", "programme:quotas", order=70)
