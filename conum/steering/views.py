from django.http import StreamingHttpResponse
from django.shortcuts import render

from . import opendata


def open_data(request):
    """The list of open files, with what each holds."""
    context = {"columns": opendata.COLUMNS, "csv_name": opendata.file_name("csv")}
    return render(request, "steering/open_data.html", context)


def places_csv(request):
    response = StreamingHttpResponse(opendata.csv_lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{opendata.file_name("csv")}"'
    return response


def places_json(request):
    response = StreamingHttpResponse(opendata.json_chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{opendata.file_name("json")}"'
    return response
