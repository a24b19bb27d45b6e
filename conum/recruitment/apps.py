from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "conum.recruitment"
    verbose_name = "Recrutement"

    def ready(self):
        from conum.structures import hooks

        from .enums import MatchStatus
        from .models import Match

        hooks.register_recruited_advisors(
            lambda application: Match.objects.filter(
                application=application, status__in=[MatchStatus.HIRED, MatchStatus.BREAK_NOTIFIED]
            ).count()
        )
