from django_tasks import task

from conum.recruitment import matching
from conum.structures.models import StructureApplication


@task()
def match_application(application_id: int) -> str:
    """Incremental matching for one structure application (its posts changed)."""
    return str(matching.run(applications=StructureApplication.objects.filter(pk=application_id)))


@task()
def match_candidate(candidate_id: int) -> str:
    """Incremental matching for one candidate (confirmed, or changed commune, mobility or availability)."""
    from conum.recruitment.models import Candidate

    return str(matching.run(candidates=Candidate.objects.filter(pk=candidate_id)))
