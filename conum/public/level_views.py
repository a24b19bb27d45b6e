"""« Trouver mon niveau » : the self-assessment page, and workshops at the right level nearby.

The answers are POSTed (they stay out of addresses and server logs) and only used to render the
results: nothing is written to the database, the session or the journal. Recommendations are read in
a fixed number of queries: the places nearby once, the matching sessions of each area, then one
for the sessions shown.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from dsfr.utils import dsfr_input_class_attr

from conum.activity.models import Workshop
from conum.core.forms import BaseForm
from conum.core.french import Named
from conum.territories.distance import Point
from conum.territories.fields import CommuneField
from conum.territories.forms import RADIUS_CHOICES
from conum.territories.search import commune_label

from . import level, search, widen
from .forms import DEFAULT_DISTANCE, DISTANCE_ERROR

ANSWER_MISSING = "Répondez à cette question : choisissez une des trois réponses."
PER_AREA = 3


class SelfAssessmentForm(BaseForm):
    """One required question per field (q1…q10, 2, 1 or 0 points), then an optional commune and distance."""

    commune = CommuneField(
        label="Votre commune ou votre code postal",
        help_text="Pour vous proposer des ateliers près de chez vous. Par exemple : Saint-Junien, ou 87200.",
        required=False,
    )
    distance = forms.TypedChoiceField(
        label="Distance",
        choices=RADIUS_CHOICES,
        coerce=int,
        initial=DEFAULT_DISTANCE,
        required=False,
        error_messages={"invalid_choice": DISTANCE_ERROR},
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        questions = {
            question.key: forms.TypedChoiceField(
                label=question.text,
                choices=question.choices(),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": ANSWER_MISSING, "invalid_choice": ANSWER_MISSING},
            )
            for question in level.QUESTIONS
        }
        # Questions first, in their order; then where. BaseForm styled only the fields it was built with.
        self.fields = {**questions, **self.fields}
        for name in questions:
            dsfr_input_class_attr(self[name])

    def clean_distance(self):
        return self.cleaned_data.get("distance") or DEFAULT_DISTANCE

    def answers(self) -> dict[str, int]:
        return {question.key: self.cleaned_data[question.key] for question in level.QUESTIONS}

    def groups(self) -> list[tuple[level.Area, list]]:
        """The bound question fields of each area, for one fieldset per area."""
        return [(area, [self[question.key] for question in area.questions]) for area in level.AREAS]

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, what to fix) for each field in error, in page order, for the summary at the top of the form.
        A question links to its first answer: following the link moves the keyboard focus there."""
        links = []
        for name, form_field in self.fields.items():
            if name in self.errors:
                bound = self[name]
                if isinstance(form_field.widget, forms.RadioSelect):
                    links.append((f"{bound.auto_id}_0", f"Répondez à la question : « {bound.label} »"))
                else:
                    links.append((bound.auto_id, f"{bound.label} : {self.errors[name][0]}"))
        return links

    def center(self) -> Point | None:
        commune = self.cleaned_data.get("commune")
        if commune is None or commune.latitude is None or commune.longitude is None:
            return None
        return Point(commune.latitude, commune.longitude)


@dataclass
class Recommendation:
    result: level.AreaResult
    found: list[tuple[int, float]] = field(default_factory=list)
    workshops: list[Workshop] = field(default_factory=list)
    # The search these workshops come from; without any within LARGEST, the area's theme at every level.
    search_url: str = ""
    # Nothing within the chosen distance: the next distance offered that finds some, and how many.
    wider: widen.Wider | None = None


def _near(commune, distance: int) -> dict:
    return {"commune": commune_label(commune), "commune_choix": commune.code, "distance": distance}


def _search_url(commune, distance: int, result: level.AreaResult, any_level=False) -> str:
    query = _near(commune, distance) | {"theme": result.theme.value}
    if not any_level:
        query["niveau"] = result.level.value
    return f"{reverse('public:workshops')}?{urlencode(query)}"


def places_url(commune, distance: int) -> str:
    """The places near the commune: a conseiller numérique helps one to one when no workshop suits."""
    return f"{reverse('public:search')}?{urlencode(_near(commune, distance))}"


def recommend(results: list[level.AreaResult], commune, center: Point | None, distance: int) -> list[Recommendation]:
    """Up to PER_AREA upcoming workshops per area near `center`, at the area's level and theme, soonest first;
    when there are none, those of the next distance offered that finds some (never a dead end)."""
    recommendations = [Recommendation(result) for result in results]
    if center is None:
        return recommendations
    for recommendation in recommendations:
        result = recommendation.result
        filters = search.WorkshopFilters(theme=result.theme, level=result.level)
        # One read within the largest distance: the chosen distance, or the next one, filtered in Python.
        around = search.find_workshops(center, max(distance, widen.LARGEST), filters)
        reach = distance
        if not any(km <= distance for _pk, km in around):
            recommendation.wider = widen.wider((km for _pk, km in around), distance, 0)
            reach = recommendation.wider.distance if recommendation.wider else None
        if reach is None:
            recommendation.search_url = _search_url(commune, widen.LARGEST, result, any_level=True)
        else:
            recommendation.found = [(pk, km) for pk, km in around if km <= reach][:PER_AREA]
            recommendation.search_url = _search_url(commune, reach, result)
    # One read for the sessions of every area (a session may suit two areas).
    shown = dict(pair for recommendation in recommendations for pair in recommendation.found)
    sessions = {session.pk: session for session in search.workshops_by_id(list(shown.items()))}
    for recommendation in recommendations:
        recommendation.workshops = [sessions[pk] for pk, _ in recommendation.found if pk in sessions]
    return recommendations


@require_http_methods(["GET", "HEAD", "POST"])
def self_assessment(request):
    form = SelfAssessmentForm(request.POST if request.method == "POST" else None)
    context = {"form": form}
    if form.is_valid():
        commune = form.cleaned_data.get("commune")
        distance = form.cleaned_data["distance"]
        center = form.center()
        context |= {
            "recommendations": recommend(level.assess(form.answers()), commune, center, distance),
            "commune": commune,
            "where": Named(f"{commune.name} ({commune.departement_id})", commune.name_type) if commune else "",
            "located": center is not None,
            "distance": distance,
            "largest": widen.LARGEST,
            "places_url": places_url(commune, distance) if center else "",
        }
    return render(request, "public/self_assessment.html", context, status=400 if form.errors else 200)
