from django import forms
from django.http import StreamingHttpResponse
from django.shortcuts import render

from conum.core.availability import started
from conum.core.exports import csv_response
from conum.core.forms import BaseForm
from conum.core.page_cache import for_visitors
from conum.steering import charts, opendata
from conum.steering import public_statistics as public_statistics_data
from conum.steering.statistics.scopes import period_label
from conum.territories.models import Departement


class PublicStatisticsForm(BaseForm):
    departement = forms.ModelChoiceField(
        label="Département",
        queryset=Departement.objects.order_by("code"),
        required=False,
        empty_label="France entière",
        to_field_name="code",
        error_messages={"invalid_choice": "Choisissez un département dans la liste."},
    )


def open_data(request):
    """The list of open files, with what each holds."""
    context = {"columns": opendata.COLUMNS, "csv_name": opendata.file_name("csv")}
    return render(request, "steering/open_data.html", context)


def places_csv(request):
    response = StreamingHttpResponse(started(opendata.csv_lines()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{opendata.file_name("csv")}"'
    return response


def places_json(request):
    response = StreamingHttpResponse(started(opendata.json_chunks()), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{opendata.file_name("json")}"'
    return response


@for_visitors
def public_statistics(request):
    """The programme in figures, for everyone: France or one département (chosen on a list)."""
    form = PublicStatisticsForm(request.GET or None)
    departement = form.cleaned_data["departement"] if form.is_valid() else None
    statistics = public_statistics_data.cached(departement)
    context = {
        "form": form,
        "statistics": statistics,
        "period": period_label(statistics.activity.start, statistics.activity.end),
        "months_chart": charts.month_columns(
            [(month.month, month.accompaniments) for month in statistics.activity.months]
        ),
        "distributions": [
            (d, charts.horizontal_bars([(line.label, line.count, line.percent_display) for line in d.lines]))
            for d in statistics.distributions
        ],
        "csv_query": f"?departement={departement.code}" if departement else "",
    }
    return render(request, "steering/public_statistics.html", context, status=400 if form.errors else 200)


def public_statistics_csv(request):
    form = PublicStatisticsForm(request.GET or None)
    departement = form.cleaned_data["departement"] if form.is_valid() else None
    statistics = public_statistics_data.cached(departement)
    name = f"conum-chiffres-{departement.code if departement else 'france'}-{statistics.computed_at:%Y-%m-%d}"
    header = ["Rubrique", "Indicateur", "Valeur", "Part (%)", "Base du pourcentage"]
    return csv_response(name, header, public_statistics_data.csv_rows(statistics), neutralise_formulas=True)
