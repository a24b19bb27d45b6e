from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from .distance import Point, haversine_km, within
from .forms import CommuneSearchForm, CommuneToolsForm
from .models import Commune
from .search import MAX_RESULTS, search_communes

NEARBY_LIMIT = 50
DEFAULT_RADIUS = 10


def commune_search(request):
    form = CommuneSearchForm(request.GET or None)
    communes = None
    if form.is_valid():
        communes = search_communes(form.cleaned_data["q"], limit=MAX_RESULTS)
    return render(request, "territories/commune_search.html", {"form": form, "communes": communes})


def commune_detail(request, code):
    commune = get_object_or_404(Commune.objects.select_related("departement__region", "epci"), code=code)
    form = CommuneToolsForm(request.GET or None)
    # Each tool uses what is valid: a bad radius falls back to the default, a bad commune shows its message.
    form.is_valid()  # fills cleaned_data with the fields that are valid
    cleaned = form.cleaned_data if form.is_bound else {}
    radius = cleaned.get("rayon", DEFAULT_RADIUS)
    context = {"commune": commune, "form": form, "radius": radius, "breadcrumb_data": {
        "links": [{"url": reverse("territories:commune_search"), "title": "Rechercher une commune"}],
        "current": commune.name,
    }}  # fmt: skip
    if commune.has_coordinates:
        center = Point(commune.latitude, commune.longitude)
        others = Commune.objects.exclude(code=commune.code).select_related("departement")
        context["nearby"] = within(others, center, radius, limit=NEARBY_LIMIT)
        other = cleaned.get("vers")
        if other:
            context["other"] = other
            if other.has_coordinates:
                context["distance_km"] = haversine_km(center, Point(other.latitude, other.longitude))
    return render(request, "territories/commune_detail.html", context)
