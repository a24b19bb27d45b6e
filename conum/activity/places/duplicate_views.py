"""The national team's queue of possible duplicate places (duplicates.py): pairs side by side, each with
"Fusionner" and "Ce sont deux lieux différents". Other roles get a 403, a pair outside the queue a 404."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from conum.activity.places import duplicates
from conum.core.errors import RuleViolation
from conum.core.permissions import role_required
from conum.core.roles import Role
from conum.core.scoping import id_or_404

PER_PAGE = 20
# The rows of the side-by-side table: (label, attribute).
ROWS = [
    ("Nom", "name"), ("Adresse", "address"), ("Code postal", "postal_code"), ("Commune", "commune"),
    ("Pivot (SIRET)", "siret"), ("Type", "typology"), ("Téléphone", "phone"), ("E-mail", "email"),
    ("Site web", "website"), ("Horaires", "opening_hours"), ("Source", "source"),
    ("Identifiant à la source", "source_id"),
]  # fmt: skip


@role_required(Role.NATIONAL_STAFF)
def queue(request):
    pairs = (
        duplicates.pending_pairs()
        .for_user(request.user)
        .select_related("place__commune", "other__commune")
        .order_by("-name_score", "pk")
    )
    page = Paginator(pairs, PER_PAGE).get_page(request.GET.get("page"))
    for pair in page:
        pair.rows = [
            (label, getattr(pair.place, name) or "—", getattr(pair.other, name) or "—") for label, name in ROWS
        ]
    return render(request, "activity/places/duplicates.html", {"page": page})


def _decide(request, pk, decide, done: str):
    pair = get_object_or_404(duplicates.pending_pairs().for_user(request.user), pk=id_or_404(pk))
    try:
        decide(pair, request.user)
    except RuleViolation as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done)
    return redirect("places:duplicates")


@role_required(Role.NATIONAL_STAFF)
@require_POST
def merge(request, pk):
    return _decide(request, pk, duplicates.merge, "Les deux lieux sont fusionnés : le second est archivé.")


@role_required(Role.NATIONAL_STAFF)
@require_POST
def keep_both(request, pk):
    return _decide(request, pk, duplicates.keep_both, "C'est noté : ces deux lieux restent distincts.")
