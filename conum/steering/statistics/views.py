"""Activity statistics for any scope (page and CSV/XLSX exports of each table), and the aggregated activity
open data file. Rollups only, never the reports: a fixed number of queries whatever the volume."""

from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from conum.activity.enums import ReportKind, Theme
from conum.activity.reports import statistics as figures
from conum.core.availability import started
from conum.core.exports import csv_response, xlsx_response
from conum.core.permissions import role_required
from conum.steering import activity_opendata, charts
from conum.steering.statistics.scopes import (
    READERS,
    SCOPE_KINDS,
    ScopeError,
    StatisticsForm,
    period_label,
    resolve_scope,
    shortcuts,
)

KEY_FIGURES_TABLE, MONTHS_TABLE = "chiffres-cles", "mois"


def _resolve(request):
    """(form, scope, stats) for the query string; stats is None when the input is refused (form or scope)."""
    form = StatisticsForm(request.GET, user=request.user)
    if not form.is_valid():
        return form, None, None
    data = form.cleaned_data
    try:
        scope = resolve_scope(request.user, data["perimetre"], data["code"])
    except ScopeError as refusal:
        form.add_error("code", str(refusal))
        return form, None, None
    stats = figures.activity_statistics(
        scope.rollups, data["start"], data["end"], theme=data["theme"], kind=data["type"]
    )
    return form, scope, stats


def _filters_text(data) -> str:
    parts = []
    if data.get("type"):
        parts.append(f"type : {ReportKind(data['type']).label.lower()}")
    if data.get("theme"):
        parts.append(f"thématique : {Theme(data['theme']).label}")
    return ", ".join(parts)


@role_required(*READERS)
def statistics_page(request):
    form, scope, stats = _resolve(request)
    if stats is None:
        context = {"form": form, "scope": None, "stats": None, "shortcuts": shortcuts(request.user)}
        return render(request, "steering/statistics/page.html", context, status=400)
    data = form.cleaned_data
    query = {
        "perimetre": scope.kind,
        "code": scope.code,
        "debut": data["start"].isoformat(),
        "fin": data["end"].isoformat(),
        "type": data["type"],
        "theme": data["theme"],
    }
    distributions = [
        {
            "distribution": distribution,
            "chart": charts.horizontal_bars(
                [(line.label, line.count, line.percent_display) for line in distribution.lines]
            ),
        }
        for distribution in stats.distributions
    ]
    months_chart = charts.month_columns([(month.month, month.accompaniments) for month in stats.months])
    theme_chart = None
    if stats.theme:
        theme_chart = charts.month_columns([(month.month, month.theme_reports) for month in stats.months])
    context = {
        "form": form,
        "scope": scope,
        "scope_kind": SCOPE_KINDS[scope.kind],
        "stats": stats,
        "period": period_label(stats.start, stats.end),
        "filters": _filters_text(data),
        "kind_filtered": bool(data["type"]),
        "distributions": distributions,
        "months_chart": months_chart,
        "theme_chart": theme_chart,
        "query": urlencode(query),
        "shortcuts": shortcuts(request.user),
    }
    return render(request, "steering/statistics/page.html", context)


# ---- exports ---------------------------------------------------------------------------------------


def _decimal_text(value: Decimal | None) -> str:
    """One decimal with a French comma, for the CSV (Excel in French reads it as a number)."""
    return "" if value is None else f"{value:.1f}".replace(".", ",")


def _table(stats, key: str, for_csv: bool) -> tuple[list[str], list[list]] | None:
    number = _decimal_text if for_csv else (lambda value: None if value is None else float(value))
    if key == KEY_FIGURES_TABLE:
        rows = [
            ["Accompagnements (participants)", stats.accompaniments],
            ["Personnes accompagnées (participants moins personnes déjà accompagnées)", stats.people],
            ["Comptes rendus", stats.reports],
            ["Ateliers collectifs", stats.workshops],
            ["Accompagnements individuels", stats.totals[f"reports_{ReportKind.INDIVIDUAL}"]],
            ["Demandes ponctuelles", stats.totals[f"reports_{ReportKind.ONE_OFF}"]],
            ["Heures d'accompagnement", number(stats.hours)],
        ]
        if stats.theme:
            rows.append([f"Comptes rendus citant la thématique « {Theme(stats.theme).label} »", stats.theme_reports])
        return ["Indicateur", "Valeur"], rows
    if key == MONTHS_TABLE:
        header = ["Mois", "Comptes rendus", "Accompagnements", "Personnes accompagnées", "Ateliers", "Heures"]
        if stats.theme:
            header.append(f"Comptes rendus citant « {Theme(stats.theme).label} »")
        rows = []
        for month in stats.months:
            row = [f"{month.month:%Y-%m}", month.reports, month.accompaniments, month.people, month.workshops,
                   number(month.hours)]  # fmt: skip
            if stats.theme:
                row.append(month.theme_reports)
            rows.append(row)
        return header, rows
    distribution = next((d for d in stats.distributions if d.key == key), None)
    if distribution is None:
        return None
    header = [distribution.title, distribution.unit.capitalize(), "Part (%)", "Base du pourcentage"]
    rows = [[line.label, line.count, number(line.percent), distribution.base_label] for line in distribution.lines]
    return header, rows


@role_required(*READERS)
def statistics_export(request, table, file_format):
    form, scope, stats = _resolve(request)
    if stats is None:
        messages = [str(error) for errors in form.errors.values() for error in errors]
        return HttpResponse(
            "Export impossible : " + " ".join(messages), status=400, content_type="text/plain; charset=utf-8"
        )
    built = _table(stats, table, for_csv=file_format == "csv")
    if built is None:
        return HttpResponse(f"Tableau inconnu : « {table} ».", status=404, content_type="text/plain; charset=utf-8")
    header, rows = built
    filename = f"statistiques-activite_{scope.slug}_{table}_{stats.start:%Y-%m-%d}_{stats.end:%Y-%m-%d}"
    if file_format == "csv":
        return csv_response(filename, header, rows, neutralise_formulas=True)
    return xlsx_response(filename, header, rows, sheet=table)


# ---- open data -------------------------------------------------------------------------------------


def activity_open_data(request):
    """Aggregated activity by département × month × kind × theme, streamed (always current), no login."""
    response = StreamingHttpResponse(started(activity_opendata.csv_lines()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{activity_opendata.FILE_NAME}"'
    return response
