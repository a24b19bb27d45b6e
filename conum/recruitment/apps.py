from conum.core import apps as core_apps


class RecruitmentConfig(core_apps.LabelledAppConfig):
    name = "conum.recruitment"
    verbose_name = "Recrutement"

    def ready(self):
        super().ready()
        from django.contrib.auth.signals import user_logged_in

        from conum.recruitment import candidacy, signals
        from conum.structures import signals as structures_signals

        # Signing in proves the mailbox (the password came from an e-mailed link): confirm the candidacy.
        user_logged_in.connect(candidacy.confirm_on_login, dispatch_uid="recruitment_confirm_on_login")

        structures_signals.granted_posts_changed.connect(signals.rematch, dispatch_uid="recruitment_rematch")
        structures_signals.count_recruited_advisors.connect(
            signals.recruited_advisors, dispatch_uid="recruitment_recruited_advisors"
        )
