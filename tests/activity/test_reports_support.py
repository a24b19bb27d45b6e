"""Builders shared by the report, rollup and statistics tests (this module holds no test)."""

from datetime import timedelta

from django.utils import timezone


def individual_data(at, **overrides) -> dict:
    """A valid individual report at `place`, yesterday."""
    data = {
        "date": timezone.localdate() - timedelta(days=1),
        "kind": "individuel",
        "location": "lieu_activite",
        "place": at.pk,
        "duration_minutes": 45,
        "participants": 1,
        "returning_participants": 0,
        "age_60_69": 1,
        "status_retraite": 1,
        "themes": ["email", "aide_aux_demarches_administratives"],
        "administrative_themes": ["argent_impots"],
        "equipment": ["telephone"],
        "autonomy": "partiellement_autonome",
        "redirections": [],
        "followup_individual": 1,
    }
    return data | overrides


def workshop_data(at, **overrides) -> dict:
    """A valid workshop report of 6 participants at `place`, yesterday."""
    data = {
        "date": timezone.localdate() - timedelta(days=1),
        "kind": "collectif",
        "location": "lieu_activite",
        "place": at.pk,
        "duration_minutes": 120,
        "participants": 6,
        "returning_participants": 2,
        "age_60_69": 2,
        "age_70_plus": 3,
        "age_non_communique": 1,
        "status_retraite": 5,
        "status_non_communique": 1,
        "themes": ["prendre_en_main_du_materiel", "securite_numerique"],
        "equipment": ["telephone", "tablette"],
        "followup_workshop": 4,
    }
    return data | overrides
