from django.shortcuts import get_object_or_404, render

from .distance import Point, haversine_km, within
from .forms import CommuneSearchForm, DistanceForm, NearbyForm
from .models import Commune
from .search import MAX_RESULTS, search_communes

NEARBY_LIMIT = 50


def commune_search(request):
    form = CommuneSearchForm(request.GET or None)
    communes = None
    if form.is_valid():
        communes = search_communes(form.cleaned_data["q"], limit=MAX_RESULTS)
    return render(request, "territories/commune_search.html", {"form": form, "communes": communes})


def commune_detail(request, code):
    commune = get_object_or_404(Commune.objects.select_related("departement__region", "epci"), code=code)
    nearby_form = NearbyForm(request.GET if "rayon" in request.GET else None)
    radius = nearby_form.cleaned_data["rayon"] if nearby_form.is_valid() else 10
    distance_form = DistanceForm(request.GET if "vers" in request.GET or "vers_choix" in request.GET else None)
    context = {"commune": commune, "nearby_form": nearby_form, "distance_form": distance_form, "radius": radius}
    if commune.has_coordinates:
        center = Point(commune.latitude, commune.longitude)
        others = Commune.objects.exclude(code=commune.code).select_related("departement")
        context["nearby"] = within(others, center, radius, limit=NEARBY_LIMIT)
        if distance_form.is_bound and distance_form.is_valid():
            other = distance_form.cleaned_data["vers"]
            context["other"] = other
            if other.has_coordinates:
                context["distance_km"] = haversine_km(center, Point(other.latitude, other.longitude))
    return render(request, "territories/commune_detail.html", context)
