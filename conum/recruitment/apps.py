from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "conum.recruitment"
    verbose_name = "Recrutement"

    def ready(self):
        from conum.core import journal
        from conum.structures import hooks

        from .enums import MatchStatus
        from .models import Match

        journal.register_labels(
            {
                "recruitment.match_shortlist": "Candidat présélectionné",
                "recruitment.match_decline": "Candidat écarté",
                "recruitment.match_reconsider": "Candidat reconsidéré",
            }
        )
        from . import tasks

        hooks.register_posts_changed(tasks.match_application.enqueue)
        hooks.register_recruited_advisors(
            lambda application: Match.objects.filter(
                application=application, status__in=[MatchStatus.HIRED, MatchStatus.BREAK_NOTIFIED]
            ).count()
        )
