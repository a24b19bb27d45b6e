"""Recording an activity report as an advisor does, on top of the generated reports and rollups.

`uv run python -m bench reports [--scale national|small]`: an advisor in post with a long history posts the
individual report form (`/activite/comptes-rendus/nouveau/`: form and its rules, `reports.create_report`,
the insert, the daily and per-département rollups and the journal, in one transaction); then
`create_report` alone; then the naive way, a bare insert of the same row with nothing kept up to date (the
statistics would then have to aggregate the raw reports at every reading: see the statistics scenario).
"""

from datetime import timedelta

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from conum.accounts.models import User
from conum.activity.enums import ReportKind
from conum.activity.models import ActivityReport, Place
from conum.activity.reports import services as reports
from conum.activity.reports.forms import ReportForm
from conum.core.roles import Role
from conum.public.search import public_places
from conum.recruitment.models import Advisor

from . import statistics
from .scale import scale_from
from .timing import measure, ratio, report

ADVISOR_EMAIL = "advisor@bench-reports.example"
REPEAT = 50


def _advisor() -> Advisor:
    """The advisor with the most reports, given an account and a place of activity of its département."""
    busiest = ActivityReport.objects.values("advisor").annotate(n=Count("pk")).order_by("-n").values_list("advisor")[:1]
    advisor = Advisor.objects.select_related("structure").get(pk__in=busiest)
    if advisor.user_id is None:
        user = User.objects.filter(email=ADVISOR_EMAIL).first() or User.objects.create_user(
            ADVISOR_EMAIL, role=Role.ADVISOR
        )
        Advisor.objects.filter(user=user).update(user=None)
        advisor.user = user
        advisor.save(update_fields=["user"])
    if not advisor.places.exists():
        place = public_places().filter(departement_id=advisor.structure.departement_id).first() or Place.objects.first()
        place.advisors.add(advisor)
    return advisor


def _form(place) -> dict:
    """An hour with a job seeker, guided through browsing and online safety on a computer: what the advisor
    ticks on the individual report form."""
    return {
        "date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "location": "lieu_activite",
        "place": str(place.pk),
        "duration": "60",
        "returning": "1",
        "age": "40_59",
        "status": "sans_emploi",
        "themes": ["navigation_sur_internet", "securite_numerique"],
        "equipment": ["ordinateur"],
        "autonomy": "entierement_accompagne",
        "followups": ["followup_individual"],
        "next": "another",
    }


def _data(advisor, place):
    """The same report as the typed input `create_report` receives from the form (and from the API)."""
    form = ReportForm(_form(place), advisor=advisor, kind=ReportKind.INDIVIDUAL)
    assert form.is_valid(), form.errors
    return form.input


def run(args):
    scale_from(args)  # the scale's reports come from `generate`; this scenario adds 2 × REPEAT + 1
    if not ActivityReport.objects.exists():
        raise SystemExit("no reports: run `python -m bench generate` first")
    statistics.prepare()
    advisor = _advisor()
    place = advisor.places.first()
    print(
        f"database: {connection.vendor}; {ActivityReport.objects.count():,} reports; advisor {advisor.pk} has "
        f"{ActivityReport.objects.filter(advisor=advisor).count():,}"
    )
    data = _data(advisor, place)
    client = Client(SERVER_NAME="localhost")
    client.force_login(advisor.user)
    url = "/activite/comptes-rendus/nouveau/?type=individuel"
    response = client.post(url, _form(place))
    assert response.status_code == 302, response.content.decode()[:2000]
    posted = measure(lambda: client.post(url, _form(place)), repeat=REPEAT)
    assert posted[3].status_code == 302
    report("POST the report form (whole request)", *posted[:3])
    created = measure(lambda: reports.create_report(advisor, advisor.user, data), repeat=REPEAT)
    report("create_report (locked checks, insert, rollups, journal)", *created[:3])
    values = data.columns()
    before = ActivityReport.objects.order_by("-pk").values_list("pk", flat=True)[0]
    bare = measure(
        lambda: ActivityReport.objects.create(advisor=advisor, structure=advisor.structure, **values), repeat=REPEAT
    )
    report("naive: bare insert, no rollup kept", *bare[:3])
    ActivityReport.objects.filter(pk__gt=before).delete()  # uncounted by the rollups: they would be wrong
    ratio("create_report (below 1: the price of live statistics)", bare[0], created[0])
