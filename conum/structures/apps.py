from django.apps import AppConfig


class StructuresConfig(AppConfig):
    name = "conum.structures"
    verbose_name = "Structures d'accueil"

    def ready(self):
        from conum.core import journal, navigation
        from conum.core.roles import Role
        from conum.programme import hooks

        from .models import StructureApplication

        hooks.register_granted_posts(
            lambda departement: StructureApplication.objects.filter(structure__departement=departement).granted_posts()
        )
        journal.register_labels(
            {
                "structures.application_submitted": "Candidature déposée",
                "structures.opinion_given": "Avis du préfet donné",
                "structures.decided": "Décision du comité",
                "structures.amendment_requested": "Avenant demandé",
                "structures.amendment_validated": "Avenant validé",
                "structures.amendment_refused": "Avenant refusé",
                "structures.payment_recorded": "Versement enregistré",
                "structures.member_added": "Accès donné à un membre de la structure",
            }
        )
        navigation.register([Role.STRUCTURE_MANAGER], "Ma structure", "structures:space", order=10)
        navigation.register([Role.PREFECTURE_AGENT], "Candidatures", "structures:prefecture_queue", order=10)
        navigation.register([Role.NATIONAL_STAFF], "Comité", "structures:committee_queue", order=10)
        navigation.register([Role.NATIONAL_STAFF, Role.PREFECTURE_AGENT], "Enveloppe", "structures:envelope", order=20)
