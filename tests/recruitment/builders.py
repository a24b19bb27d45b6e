"""The candidacy form as a browser posts it, and validated applications for matching (no test here)."""

from datetime import date, timedelta

from conum.structures.enums import ApplicationStatus
from conum.structures.models import StructureApplication
from tests.factories import ApplicationFactory

URL = "/recrutement/candidater/"


def form_data(**overrides):
    data = {
        "first_name": "Sam",
        "last_name": "Lefort",
        "email": "Sam.Lefort@Exemple.fr",
        "phone": "06 12 34 56 78",
        "commune": "Saint-Junien (87200)",
        "mobility_km": "40",
        "available_from": (date.today() + timedelta(days=7)).isoformat(),
        "job_seeker": "on",
        "has_experience": "non",
        "motivation": "J'aime aider les autres et le numérique me passionne.",
    }
    return data | overrides


def validated(commune_code, posts=2, mission_start=None):
    """A validated application of a structure in `commune_code` (set directly: matching reads the result)."""
    application = ApplicationFactory(structure__commune_id=commune_code, mission_start=mission_start or date.today())
    StructureApplication.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.VALIDATED, posts_granted=posts
    )
    return application
