from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "conum.recruitment"
    verbose_name = "Recrutement"

    def ready(self):
        from conum.core import journal, navigation
        from conum.core.roles import Role
        from conum.recruitment.enums import POST_HOLDING_STATUSES
        from conum.recruitment.models import Match
        from conum.structures import hooks

        journal.register_labels(
            {
                "recruitment.match_shortlist": "Candidat présélectionné",
                "recruitment.match_decline": "Candidat écarté",
                "recruitment.match_reconsider": "Candidat reconsidéré",
                "recruitment.candidate_applied": "Candidature de conseiller déposée",
                "recruitment.candidate_confirmed": "Adresse du candidat confirmée",
                "recruitment.candidate_availability": "Disponibilité du candidat modifiée",
                "recruitment.candidate_erased": "Candidature supprimée, données effacées",
                "recruitment.contract_recorded": "Contrat enregistré par la structure",
                "recruitment.contract_validated": "Contrat validé",
                "recruitment.contract_refused": "Contrat refusé",
                "recruitment.contract_renewal_recorded": "Renouvellement de contrat enregistré par la structure",
                "recruitment.break_declared": "Rupture de contrat déclarée",
                "recruitment.break_validated": "Rupture de contrat validée",
                "recruitment.coordinator_set": "Coordinateur du conseiller modifié",
                "recruitment.break_refused": "Rupture de contrat refusée",
                "recruitment.break_applied": "Fin de contrat effective : accès de conseiller clos",
                "recruitment.training_updated": "Formation du conseiller mise à jour",
                "recruitment.candidate_updated": "Candidature modifiée par le candidat",
                "recruitment.candidate_cv_purged": "CV supprimé six mois après son dépôt",
                "recruitment.match_added": "Candidat ajouté par la structure",
                "recruitment.contacts_viewed": "Coordonnées de candidats affichées à la structure",
                "recruitment.contacts_exported": "Liste de candidats exportée par la structure",
                "recruitment.cv_downloaded": "CV d'un candidat téléchargé par la structure",
            }
        )
        from django.contrib.auth.signals import user_logged_in

        from conum.recruitment import candidacy, tasks

        # Signing in proves the mailbox (the password came from an e-mailed link): confirm the candidacy.
        user_logged_in.connect(candidacy.confirm_on_login, dispatch_uid="recruitment_confirm_on_login")

        navigation.register([Role.NATIONAL_STAFF], "Contrats", "recruitment:contracts", order=15)
        navigation.register([Role.CANDIDATE], "Ma candidature", "recruitment:my_application", order=10)
        navigation.register(
            [Role.NATIONAL_STAFF, Role.PREFECTURE_AGENT, Role.STRUCTURE_MANAGER],
            "Conseillers",
            "advisors:directory",
            order=16,
        )

        hooks.register_posts_changed(tasks.match_application.enqueue)
        hooks.register_recruited_advisors(
            lambda application: Match.objects.filter(application=application, status__in=POST_HOLDING_STATUSES).count()
        )
