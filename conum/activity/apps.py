from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "conum.activity"
    verbose_name = "Activité des conseillers"

    def ready(self):
        from conum.activity.places import services as places
        from conum.activity.reports import services as reports
        from conum.activity.workshops import services as workshops
        from conum.core import journal, navigation

        # Each area declares its journal labels and navigation entries beside its rules.
        for area in (places, workshops, reports):
            journal.register_labels(area.JOURNAL_LABELS)
            for roles, label, url_name, order in area.NAVIGATION:
                navigation.register(roles, label, url_name, order=order)
