"""The token owner's activity reports: list, read, create, update.

Every write reads its body with `parse_report` and saves it with `create_report` / `update_report`, as the entry
form does: a report the form refuses is refused here with the same French messages (422, conum/api/errors.py).
The body is typed loosely on purpose (a count may be a number or a string of digits, as typed in the form),
so that the rules, not the JSON parser, say what is wrong.
"""

from datetime import date, datetime

from django.db import transaction
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel, ConfigDict, create_model

from conum.activity.enums import (
    AdministrativeTheme,
    Autonomy,
    Equipment,
    Location,
    Redirection,
    ReportKind,
    Theme,
)
from conum.activity.models import ActivityReport
from conum.activity.reports import services as reports
from conum.activity.reports.inputs import (
    AGE_FIELDS,
    FOLLOWUPS,
    MAX_NOTES_LENGTH,
    STATUS_FIELDS,
    parse_report,
    report_data,
)
from conum.api.auth import advisor_of, require_scope, token_auth
from conum.api.errors import documented
from conum.api.filters import narrowed
from conum.api.models import Scope
from conum.api.pagination import ID, PageParams, page_schema, paginate

router = Router(tags=["Comptes rendus d'activité"], auth=token_auth)

COUNT_FIELDS = [
    "returning_participants", *AGE_FIELDS, *STATUS_FIELDS, *FOLLOWUPS,
]  # fmt: skip


def _values(enum) -> str:
    return ", ".join(enum.values)


_IN_FIELDS = {
    "date": (str | None, Field(None, description="Date de l'accompagnement, AAAA-MM-JJ")),
    "kind": (str | None, Field(None, description=f"Type : {_values(ReportKind)}")),
    "location": (str | None, Field(None, description=f"Lieu : {_values(Location)}")),
    "place": (int | str | None, Field(None, description="Identifiant d'un de vos lieux d'activité (lieu_activite)")),
    "commune": (str | None, Field(None, description="Code INSEE de la commune (domicile, autre lieu)")),
    "duration_minutes": (int | str | None, Field(None, description="Durée en minutes, de 1 à 480")),
    "participants": (int | str | None, Field(None, description="1 pour un accompagnement individuel ou ponctuel")),
    **{name: (int | str | None, Field(None, description="Nombre de personnes")) for name in COUNT_FIELDS},
    "themes": (list[str] | None, Field(None, description=f"Au moins une : {_values(Theme)}")),
    "administrative_themes": (list[str] | None, Field(None, description=_values(AdministrativeTheme))),
    "equipment": (list[str] | None, Field(None, description=_values(Equipment))),
    "redirections": (list[str] | None, Field(None, description=_values(Redirection))),
    "autonomy": (str | None, Field(None, description=f"Accompagnement individuel : {_values(Autonomy)}")),
    "notes": (str | None, Field(None, description=f"Sans donnée personnelle, {MAX_NOTES_LENGTH} caractères")),
    "workshop": (int | str | None, Field(None, description="Identifiant de la séance d'atelier (collectif)")),
}


class _LooseBody(BaseModel):
    # Unknown fields are kept (ninja's Schema would drop them) for the parser to name ("Champ inconnu : …").
    model_config = ConfigDict(extra="allow")


ReportIn = create_model("ReportIn", __base__=_LooseBody, **_IN_FIELDS)

ReportOut = create_model(
    "ReportOut",
    __base__=Schema,
    id=(int, ...),
    date=(date, ...),
    kind=(str, ...),
    location=(str, ...),
    place=(int | None, ...),
    commune=(str, Field(..., description="Code INSEE de la commune où l'accompagnement a eu lieu")),
    duration_minutes=(int, ...),
    participants=(int, ...),
    **dict.fromkeys(COUNT_FIELDS, (int, ...)),
    themes=(list[str], ...),
    administrative_themes=(list[str], ...),
    equipment=(list[str], ...),
    redirections=(list[str], ...),
    autonomy=(str, ...),
    notes=(str, ...),
    workshop=(int | None, ...),
    created_at=(datetime, ...),
    updated_at=(datetime, ...),
)


ReportPage = page_schema("ReportPage", ReportOut)


class ReportFilters(PageParams):
    start: date | None = Field(None, description="Comptes rendus à partir de ce jour")
    end: date | None = Field(None, description="Comptes rendus jusqu'à ce jour inclus")


def report_out(report: ActivityReport) -> dict:
    data = report_data(report)
    data.update(id=report.pk, commune=report.commune_id, created_at=report.created_at, updated_at=report.updated_at)
    return data


def _own_reports(client, advisor):
    """The live reports of the token's advisor, within its owner's scope."""
    return ActivityReport.objects.for_user(client.owner).live().filter(advisor=advisor)


def _own_report(client, advisor, report_id: int, *, lock: bool = False) -> ActivityReport:
    rows = _own_reports(client, advisor).select_related("advisor", "structure")
    if lock:
        rows = rows.select_for_update(of=("self",))
    report = rows.filter(pk=report_id).first()
    if report is None:
        raise Http404
    return report


@router.get("/reports", response={200: ReportPage, **documented(401, 403, 422, 429)}, url_name="reports")
def list_reports(request, filters: Query[ReportFilters]):
    """Vos comptes rendus (ceux du conseiller du jeton), les plus récents d'abord. Droit `reports:read`."""
    client = require_scope(request, Scope.REPORTS_READ)
    rows = narrowed(_own_reports(client, advisor_of(client)), filters, {"start": "date__gte", "end": "date__lte"})
    return paginate(request, rows.order_by("-date", "-pk"), filters.page, filters.page_size, build=report_out)


@router.get("/reports/{report_id}", response={200: ReportOut, **documented(401, 403, 404, 422, 429)}, url_name="report")
def get_report(request, report_id: int = ID):
    """Un de vos comptes rendus. Droit `reports:read`."""
    client = require_scope(request, Scope.REPORTS_READ)
    return report_out(_own_report(client, advisor_of(client), report_id))


@router.post("/reports", response={201: ReportOut, **documented(401, 403, 422, 429)}, url_name="create_report")
def create_report(request, payload: ReportIn):
    """Enregistre un compte rendu, avec les règles du formulaire de saisie. Droit `reports:write`."""
    client = require_scope(request, Scope.REPORTS_WRITE)
    advisor = advisor_of(client)
    values = parse_report(payload.model_dump(exclude_unset=True), advisor=advisor)
    report = reports.create_report(advisor, client.owner, values)
    return Status(201, report_out(report))


@router.put(
    "/reports/{report_id}", response={200: ReportOut, **documented(401, 403, 404, 422, 429)}, url_name="update_report"
)
def update_report(request, payload: ReportIn, report_id: int = ID):
    """Modifie un de vos comptes rendus : les champs envoyés remplacent les valeurs enregistrées, les autres
    sont gardés. Droit `reports:write`."""
    client = require_scope(request, Scope.REPORTS_WRITE)
    advisor = advisor_of(client)
    with transaction.atomic():
        # Locked before the fields sent are merged into the stored ones: two partial updates at once both count.
        report = _own_report(client, advisor, report_id, lock=True)
        values = parse_report(payload.model_dump(exclude_unset=True), advisor=advisor, report=report)
        return report_out(reports.update_report(report, client.owner, values))
