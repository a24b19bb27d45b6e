from django_tasks import task

from conum.structures.models import StructureApplication

from . import matching


@task()
def match_application(application_id: int) -> str:
    """Incremental matching for one structure application (its posts changed)."""
    return str(matching.run(applications=StructureApplication.objects.filter(pk=application_id)))
