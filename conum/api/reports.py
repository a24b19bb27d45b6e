"""The token owner's activity reports: list, read, create, update.

Every write goes through `conum.activity.reports.services` (create_report, update_report, hence validate_report),
the functions the entry form uses: a report the form refuses is refused here with the same French messages.
The body is typed loosely on purpose (a count may be a number or a string of digits, as typed in the form),
so that the rules, not the JSON parser, say what is wrong.
"""

import json
from datetime import date, datetime

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, create_model

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
from conum.api.auth import advisor_of, require_scope, token_auth
from conum.api.errors import ApiError, documented
from conum.api.models import Scope
from conum.api.pagination import ID, PageParams, paginate
from conum.core.errors import RuleViolation

router = Router(tags=["Comptes rendus d'activité"], auth=token_auth)

COUNT_FIELDS = [
    "returning_participants", *reports.AGE_FIELDS, *reports.STATUS_FIELDS, *reports.FOLLOWUPS,
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
    "notes": (str | None, Field(None, description=f"Sans donnée personnelle, {reports.MAX_NOTES_LENGTH} caractères")),
    "workshop": (int | str | None, Field(None, description="Identifiant de la séance d'atelier (collectif)")),
}


class _LooseSchema(Schema):
    # Unknown fields reach the rules, which name them ("Champ inconnu : …"), as the form's would.
    model_config = ConfigDict(extra="allow")


ReportIn = create_model("ReportIn", __base__=_LooseSchema, **_IN_FIELDS)

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


class ReportPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ReportOut]


class ReportFilters(PageParams):
    start: date | None = Field(None, description="Comptes rendus à partir de ce jour")
    end: date | None = Field(None, description="Comptes rendus jusqu'à ce jour inclus")


def report_out(report: ActivityReport) -> dict:
    data = reports.report_data(report)
    data.update(id=report.pk, commune=report.commune_id, created_at=report.created_at, updated_at=report.updated_at)
    return data


def _refused(refusal: reports.InvalidReport) -> ApiError:
    errors = [
        {"field": field, "message": message} for field, messages in refusal.errors.items() for message in messages
    ]
    return ApiError(422, str(refusal), errors)


def _own_report(advisor, report_id: int) -> ActivityReport:
    owned = ActivityReport.objects.live().select_related("advisor", "structure")
    report = owned.filter(pk=report_id, advisor=advisor).first()
    if report is None:
        raise Http404
    return report


def _data(request, payload) -> dict:
    """The fields sent, typed by the schema; unknown ones too (ninja's Schema drops them), for the rules to name."""
    data = payload.model_dump(exclude_unset=True)
    try:
        raw = json.loads(request.body)
    except ValueError:
        raw = {}
    if isinstance(raw, dict):
        data.update({key: value for key, value in raw.items() if key not in ReportIn.model_fields})
    return data


@router.get("/reports", response={200: ReportPage, **documented(401, 403, 422, 429)}, url_name="reports")
def list_reports(request, filters: Query[ReportFilters]):
    """Vos comptes rendus (ceux du conseiller du jeton), les plus récents d'abord. Droit `reports:read`."""
    advisor = advisor_of(require_scope(request, Scope.REPORTS_READ))
    rows = ActivityReport.objects.live().filter(advisor=advisor)
    if filters.start:
        rows = rows.filter(date__gte=filters.start)
    if filters.end:
        rows = rows.filter(date__lte=filters.end)
    return paginate(request, rows.order_by("-date", "-pk"), filters.page, filters.page_size, build=report_out)


@router.get("/reports/{report_id}", response={200: ReportOut, **documented(401, 403, 404, 422, 429)}, url_name="report")
def get_report(request, report_id: int = ID):
    """Un de vos comptes rendus. Droit `reports:read`."""
    advisor = advisor_of(require_scope(request, Scope.REPORTS_READ))
    return report_out(_own_report(advisor, report_id))


@router.post("/reports", response={201: ReportOut, **documented(401, 403, 422, 429)}, url_name="create_report")
def create_report(request, payload: ReportIn):
    """Enregistre un compte rendu, avec les règles du formulaire de saisie. Droit `reports:write`."""
    client = require_scope(request, Scope.REPORTS_WRITE)
    advisor = advisor_of(client)
    try:
        report = reports.create_report(advisor, client.owner, _data(request, payload))
    except reports.InvalidReport as refusal:
        raise _refused(refusal) from None
    except RuleViolation as refusal:
        raise ApiError(422, str(refusal)) from None
    return Status(201, report_out(report))


@router.put(
    "/reports/{report_id}", response={200: ReportOut, **documented(401, 403, 404, 422, 429)}, url_name="update_report"
)
def update_report(request, payload: ReportIn, report_id: int = ID):
    """Modifie un de vos comptes rendus : les champs envoyés remplacent les valeurs enregistrées, les autres
    sont gardés. Droit `reports:write`."""
    client = require_scope(request, Scope.REPORTS_WRITE)
    advisor = advisor_of(client)
    report = _own_report(advisor, report_id)
    try:
        report = reports.update_report(report, client.owner, _data(request, payload))
    except reports.InvalidReport as refusal:
        raise _refused(refusal) from None
    except RuleViolation as refusal:
        raise ApiError(422, str(refusal)) from None
    return report_out(report)
