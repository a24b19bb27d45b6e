from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "conum.recruitment"
    verbose_name = "Recrutement"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from conum.core import journal, navigation
        from conum.recruitment import candidacy, labels, signals
        from conum.structures import signals as structures_signals

        # Signing in proves the mailbox (the password came from an e-mailed link): confirm the candidacy.
        user_logged_in.connect(candidacy.confirm_on_login, dispatch_uid="recruitment_confirm_on_login")

        journal.register_labels(labels.JOURNAL_LABELS)
        navigation.register_all(labels.NAVIGATION)

        structures_signals.granted_posts_changed.connect(signals.rematch, dispatch_uid="recruitment_rematch")
        structures_signals.count_recruited_advisors.connect(
            signals.recruited_advisors, dispatch_uid="recruitment_recruited_advisors"
        )
