"""One structure's candidate list, with matches computed beforehand (`matching.run`).

`uv run python -m bench candidates [--scale national|small]`: the structure manager's list page of the
application with the most proposals (default filter, then distance ≤ 20 km), the radius search page (40 km,
whatever the candidates' mobility), and the naive way: haversine from the structure to every matchable
candidate, kept within their mobility, sorted, the first page taken.
"""

from django.db import connection
from django.db.models import Count
from django.test import Client

from conum.accounts.models import User
from conum.core.roles import Role
from conum.recruitment import matching
from conum.recruitment.enums import MatchStatus
from conum.recruitment.models import Candidate, Match
from conum.structures.models import StructureApplication, StructureMembership
from conum.territories.distance import Point, haversine_km

from .matching import fill
from .scale import scale_from
from .timing import measure, measure_get, ratio, report

MANAGER_EMAIL = "manager@bench-candidates.example"
PER_PAGE = 20


def _busiest_application() -> StructureApplication:
    if not Match.objects.filter(status=MatchStatus.NEW).exists():  # the generated data holds only hires
        print(f"no proposals yet: matching.run() — {matching.run()}")
    busiest = (
        Match.objects.filter(status=MatchStatus.NEW)
        .values("application")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return StructureApplication.objects.select_related("structure__commune").get(pk=busiest["application"])


def _manager(application) -> User:
    user = User.objects.filter(email=MANAGER_EMAIL).first() or User.objects.create_user(
        MANAGER_EMAIL, role=Role.STRUCTURE_MANAGER
    )
    StructureMembership.objects.filter(user=user).exclude(structure=application.structure).delete()
    StructureMembership.objects.get_or_create(user=user, structure=application.structure)
    return user


def _naive_list(center: Point):
    """Every matchable candidate's distance, in Python: those within their own mobility, nearest first."""
    reachable = []
    for pk, lat, lon, mobility in Candidate.objects.matchable().values_list(
        "pk", "latitude", "longitude", "mobility_km"
    ):
        distance = haversine_km(center, Point(lat, lon))
        if not mobility or distance <= mobility:
            reachable.append((distance, pk))
    reachable.sort()
    return reachable[:PER_PAGE], len(reachable)


def run(args):
    scale = scale_from(args)
    fill(scale.structures, scale.candidates)
    application = _busiest_application()
    structure = application.structure
    proposals = Match.objects.filter(application=application).count()
    print(
        f"database: {connection.vendor}; {Candidate.objects.count():,} candidates, {Match.objects.count():,} matches; "
        f"application {application.pk} ({structure.commune.name}) holds {proposals} of them"
    )
    client = Client(SERVER_NAME="localhost")
    client.force_login(_manager(application))
    url = f"/recrutement/structures/{application.pk}/candidats/"
    listed = measure_get(client, url)
    report("GET candidate list (proposals to handle)", *listed[:3])
    report("GET candidate list, distance ≤ 20 km", *measure_get(client, url, {"distance": "20"})[:3])
    search_url = f"/recrutement/structures/{application.pk}/rechercher/"
    report("GET radius search, 40 km", *measure_get(client, search_url, {"rayon": "40"})[:3])
    center = Point(structure.commune.latitude, structure.commune.longitude)
    naive = measure(lambda: _naive_list(center), repeat=5)
    report(f"naive: haversine on all {Candidate.objects.matchable().count():,} candidates", *naive[:3])
    ratio("candidate list page", naive[0], listed[0])
