"""Deployment dashboard pages (France → région → département → structure) and their exports.

National staff see everything. A prefecture agent sees its territory only: /pilotage/ redirects it to
its département (département agent) or to its région (région agent); any other territory answers 404.
Other roles get a 403, anonymous people the login page. Figures: `conum/steering/deployment/figures.py`.
"""

import re
from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from conum.core.exports import staff_export
from conum.core.formatting import euros, percent, thousands
from conum.core.permissions import role_required
from conum.core.roles import Role
from conum.steering.deployment import figures as deployment
from conum.steering.deployment import reporting
from conum.structures.enums import ApplicationStatus
from conum.territories.models import Departement
from conum.territories.text import search_key

DASHBOARD_ROLES = (Role.NATIONAL_STAFF, Role.PREFECTURE_AGENT)
REGION_CODE = re.compile(r"[0-9]{2,3}")


@dataclass(frozen=True)
class Column:
    key: str  # the `tri` value
    label: str
    value: object  # Row → raw value (int, Decimal, None or str)
    kind: str = "int"  # int, euros, percent, text
    sort: object = None  # Row → sort key, when it differs from the value


def _figure(name):
    return lambda row: getattr(row.figures, name)


FIGURE_COLUMNS = [
    Column("dotation", "Dotation", _figure("quota")),
    Column("attribues", "Postes attribués", _figure("granted")),
    Column("avancement", "Attribués / dotation", _figure("progress"), "percent"),
    Column("en_poste", "Conseillers en poste", _figure("in_post")),
    Column("en_formation", "En formation", _figure("in_training")),
    Column("certifies", "Certifiés", _figure("certified")),
    Column("ruptures", "Ruptures", _figure("breaks")),
    Column("vacants", "Postes vacants", _figure("open_posts")),
    Column("en_attente", "Candidatures en attente de décision", _figure("awaiting")),
    Column("validees", "Candidatures validées", _figure("validated")),
    Column("engage", "Subvention engagée", _figure("committed"), "euros"),
    Column("verse", "Versé", _figure("paid"), "euros"),
    Column("reste", "Reste à verser", _figure("remaining"), "euros"),
]
DEPARTEMENT_COLUMNS = [
    Column("departement", "Département", lambda row: f"{row.name} ({row.code})", "text", lambda row: row.code),
    *FIGURE_COLUMNS,
]
SILENT_COLUMNS = [
    Column("departement", "Département", lambda row: f"{row.name} ({row.code})", "text", lambda row: row.code),
    Column("en_poste", "Conseillers en poste le mois dernier", lambda row: row.in_post),
    Column("sans_cra", "Sans compte rendu ce mois-là", lambda row: row.silent),
    Column("part", "Part sans compte rendu", lambda row: row.share, "percent"),
]
REGION_COLUMNS = [Column("region", "Région", lambda row: row.name, "text", lambda row: search_key(row.name))]
REGION_COLUMNS += FIGURE_COLUMNS
STRUCTURE_COLUMNS = [
    Column("structure", "Structure", lambda row: row.name, "text", lambda row: search_key(row.name)),
    Column("commune", "Commune", lambda row: row.parent, "text", lambda row: search_key(row.parent)),
    *[column for column in FIGURE_COLUMNS if column.key not in ("dotation", "avancement")],
]


def _display(column, value) -> str:
    if value is None:
        return "—"
    if column.kind == "euros":
        return euros(value)
    if column.kind == "percent":
        return percent(value)
    if column.kind == "int":
        return thousands(value)
    return value


def _sorted(rows, columns, request):
    """Rows sorted by `?tri=<key>&ordre=desc`; an unknown key keeps the default (first column, ascending)."""
    by_key = {column.key: column for column in columns}
    active = by_key.get(request.GET.get("tri", ""), columns[0])
    descending = request.GET.get("ordre") == "desc"
    if active is columns[0] and request.GET.get("tri", "") not in by_key:
        descending = False
    getter = active.sort or active.value

    def key(row):
        value = getter(row)
        return (value is not None, value if value is not None else 0)

    return sorted(rows, key=key, reverse=descending), active, descending


def _table(caption, rows, columns, request=None, link=None, totals=None, anchor=""):
    """Everything the `_table.html` template needs; sortable when `request` is given (sort links bring
    the reader back to `#anchor`, the table's heading)."""
    active, descending = None, False
    if request is not None:
        rows, active, descending = _sorted(rows, columns, request)
    headers = []
    for column in columns:
        header = {"label": column.label, "sort": None}
        if request is not None:
            is_active = column is active
            next_order = "asc" if is_active and descending else ("desc" if is_active else "asc")
            header["sort"] = {
                "href": f"?tri={column.key}&ordre={next_order}" + (f"#{anchor}" if anchor else ""),
                "aria": ("descending" if descending else "ascending") if is_active else "",
                "hint": "décroissant" if next_order == "desc" else "croissant",
                "arrow": ("▼" if descending else "▲") if is_active else "",
            }
        headers.append(header)
    body = [
        [
            {"text": _display(column, column.value(row)), "href": link(row) if link and index == 0 else None}
            for index, column in enumerate(columns)
        ]
        for row in rows
    ]
    footer = None
    if totals is not None:
        total_row = deployment.Row("", "Total", totals)
        footer = ["Total"] + [_display(column, column.value(total_row)) for column in columns[1:]]
        if columns is STRUCTURE_COLUMNS:
            footer[1] = ""
    return {"caption": caption, "headers": headers, "rows": body, "footer": footer, "count": len(body)}


def _progress(part, whole, what, of) -> dict:
    """A gauge and its text equivalent, e.g. "5 postes attribués sur 36 (13,9 %)"."""
    share = deployment.percent(part, whole)
    text = f"{thousands(part)} {what} sur {thousands(whole)} {of}"
    text += f" ({percent(share)})" if share is not None else ""
    return {"value": min(part, whole), "max": whole, "text": text, "label": f"{what.capitalize()} {of}"}


# The key figures' cards of `_summary.html`: (title, [(label, summary key)]); France's alone has an envelope.
SUMMARY_CARDS = [
    ("Postes", [("Dotation", "quota"), ("Postes attribués", "granted"), ("Postes vacants", "open_posts")]),
    (
        "Conseillers",
        [
            ("En poste", "in_post"),
            ("En formation", "in_training"),
            ("Certifiés", "certified"),
            ("Ruptures de contrat validées", "breaks"),
        ],
    ),
    (
        "Subventions",
        [
            ("Enveloppe de l'État", "envelope"),
            ("Engagé", "committed"),
            ("Versé", "paid"),
            ("Reste à verser", "remaining"),
            ("Reste à engager", "uncommitted"),
        ],
    ),
]


def _summary(figures, envelope=None) -> dict:
    """The figures of a territory, formatted in French for `_summary.html`, and its cards."""
    summary = {
        name: thousands(getattr(figures, name))
        for name in ("quota", "granted", "open_posts", "in_post", "in_training", "certified", "breaks")
    }
    summary |= {name: euros(getattr(figures, name)) for name in ("committed", "paid", "remaining")}
    summary["applications"] = [(label, thousands(count)) for label, count in figures.applications_by_status]
    if envelope is not None:
        summary["envelope"] = euros(envelope)
        summary["uncommitted"] = euros(envelope - figures.committed)
    summary["cards"] = [
        (title, [(label, summary[key]) for label, key in lines if key in summary]) for title, lines in SUMMARY_CARDS
    ]
    return summary


def _breadcrumb(user, current: str, region=None) -> dict:
    """django-dsfr's breadcrumb: France for the national team, the région when the user may open it."""
    links = []
    if user.role == Role.NATIONAL_STAFF:
        links.append({"url": reverse("steering:deployment"), "title": "France"})
    if region is not None:
        links.append({"url": reverse("steering:deployment_region", kwargs={"code": region.code}), "title": region.name})
    return {"links": links, "current": current}


def _departements_table(title, rows, request, totals):
    """The sortable table of départements, each linked to its page."""
    link = lambda row: reverse("steering:deployment_departement", kwargs={"code": row.code})  # noqa: E731
    return _table(title, rows, DEPARTEMENT_COLUMNS, request, anchor="departements", link=link, totals=totals)


# --- Pages --------------------------------------------------------------------------------------------


@role_required(*DASHBOARD_ROLES)
def france(request):
    user = request.user
    if user.role == Role.PREFECTURE_AGENT:
        if user.departement_id:
            return redirect("steering:deployment_departement", code=user.departement_id)
        return redirect("steering:deployment_region", code=user.region_id)
    targets = deployment.national_targets()
    rows = deployment.departement_rows(Departement.objects.all())
    totals = deployment.total(rows)
    regions = deployment.region_rows(rows)
    target = targets["target"]
    context = {
        "summary": _summary(totals, envelope=targets["envelope"]),
        "granted_progress": _progress(totals.granted, target, "postes attribués", "de l'objectif national"),
        "in_post_progress": _progress(totals.in_post, target, "conseillers en poste", "de l'objectif national"),
        "departements": _departements_table("Déploiement par département", rows, request, totals),
        "regions": _table(
            "Déploiement par région",
            regions,
            REGION_COLUMNS,
            link=lambda row: reverse("steering:deployment_region", kwargs={"code": row.code}) if row.code else None,
            totals=totals,
        ),
    }
    return render(request, "steering/deployment/france.html", context)


@role_required(Role.NATIONAL_STAFF)
def silent_advisors(request):
    """Per département, the share of the advisors in post last month without a report dated then."""
    start, _end = reporting.last_month(timezone.localdate())
    month = date_format(start, "F Y")
    table = _table(
        f"Conseillers sans compte rendu en {month}, par département",
        reporting.silent_advisors(timezone.localdate()),
        SILENT_COLUMNS,
        request,
    )
    return render(request, "steering/deployment/silent_advisors.html", {"table": table, "month": month})


def _region_or_404(user, code):
    if not REGION_CODE.fullmatch(code or ""):
        raise Http404
    return get_object_or_404(deployment.visible_regions(user), code=code)


def _departement_or_404(user, code):
    return get_object_or_404(deployment.visible_departements(user).select_related("region"), code=code)


@role_required(*DASHBOARD_ROLES)
def region(request, code):
    region = _region_or_404(request.user, code)
    rows = deployment.departement_rows(Departement.objects.filter(region=region))
    totals = deployment.total(rows)
    context = {
        "region": region,
        "summary": _summary(totals),
        "progress": _progress(totals.granted, totals.quota, "postes attribués", "des dotations de la région"),
        "breadcrumb_data": _breadcrumb(request.user, region.name),
        "departements": _departements_table(f"Déploiement par département, {region.name}", rows, request, totals),
    }
    return render(request, "steering/deployment/region.html", context)


@role_required(*DASHBOARD_ROLES)
def departement(request, code):
    departement = _departement_or_404(request.user, code)
    rows = deployment.structure_rows(departement)
    totals = deployment.total(rows)
    totals.quota = deployment.departement_quota(departement)
    user = request.user
    shows_region = departement.region_id and (
        user.role == Role.NATIONAL_STAFF or (user.region_id == departement.region_id and not user.departement_id)
    )
    context = {
        "departement": departement,
        "summary": _summary(totals),
        "progress": _progress(totals.granted, totals.quota, "postes attribués", "de la dotation départementale"),
        "breadcrumb_data": _breadcrumb(
            user, f"{departement.name} ({departement.code})", departement.region if shows_region else None
        ),
        "structures": _table(
            f"Structures d'accueil, {departement.name}",
            rows,
            STRUCTURE_COLUMNS,
            request,
            anchor="structures",
            link=lambda row: reverse("structures:application", kwargs={"pk": row.link_id}),
            totals=totals,
        ),
    }
    return render(request, "steering/deployment/departement.html", context)


# --- Exports ------------------------------------------------------------------------------------------

STATUS_HEADER = [f"Candidatures : {status.label.lower()}" for status in ApplicationStatus]
FIGURES_HEADER = [
    "Dotation",
    "Postes attribués",
    "Attribués / dotation (%)",
    "Conseillers en poste",
    "En formation",
    "Certifiés",
    "Ruptures",
    "Postes vacants",
    *STATUS_HEADER,
    "Subvention engagée (€)",
    "Versé (€)",
    "Reste à verser (€)",
]


def _figures_cells(figures) -> list:
    return [
        figures.quota,
        figures.granted,
        figures.progress,
        figures.in_post,
        figures.in_training,
        figures.certified,
        figures.breaks,
        figures.open_posts,
        *[figures.applications.get(status.value, 0) for status in ApplicationStatus],
        figures.committed,
        figures.paid,
        figures.remaining,
    ]


@role_required(*DASHBOARD_ROLES)
def departements_export(request, file_format):
    """The user's départements (all, its région's, or its own); `?region=` narrows to one visible région."""
    departements = deployment.visible_departements(request.user)
    name = "deploiement-departements"
    if "region" in request.GET:
        region = _region_or_404(request.user, request.GET["region"])
        departements = departements.filter(region=region)
        name += f"-{region.code}"
    rows = deployment.departement_rows(departements)
    header = ["Code", "Département", "Code région", *FIGURES_HEADER]
    lines = ([row.code, row.name, row.parent, *_figures_cells(row.figures)] for row in rows)
    return staff_export(file_format, name, header, lines, "Départements")


@role_required(*DASHBOARD_ROLES)
def regions_export(request, file_format):
    """The table by région of the France page: national team only (a prefecture agent gets a 404)."""
    if request.user.role != Role.NATIONAL_STAFF:
        raise Http404
    rows = deployment.region_rows(deployment.departement_rows(Departement.objects.all()))
    header = ["Code", "Région", *FIGURES_HEADER]
    lines = ([row.code, row.name, *_figures_cells(row.figures)] for row in rows)
    return staff_export(file_format, "deploiement-regions", header, lines, "Régions")


@role_required(*DASHBOARD_ROLES)
def structures_export(request, code, file_format):
    departement = _departement_or_404(request.user, code)
    rows = deployment.structure_rows(departement)
    header = ["SIRET", "Structure", "Commune", *[label for label in FIGURES_HEADER if label not in NO_QUOTA]]
    lines = ([row.siret, row.name, row.parent, *_structure_cells(row.figures)] for row in rows)
    return staff_export(file_format, f"deploiement-structures-{departement.code}", header, lines, "Structures")


NO_QUOTA = ("Dotation", "Attribués / dotation (%)")


def _structure_cells(figures) -> list:
    cells = _figures_cells(figures)
    return [cells[1], *cells[3:]]
