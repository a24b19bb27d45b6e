"""Who works on what: the advisor behind a request, and the places and advisors a user may manage."""

from django.http import Http404

from conum.core.roles import Role
from conum.recruitment.models import Advisor


def current_advisor(user) -> Advisor:
    """The advisor in post behind an advisor account (views are already restricted to that role)."""
    advisor = Advisor.objects.filter(user=user, in_post=True).select_related("structure__commune").first()
    if advisor is None:
        raise Http404("Aucun poste de conseiller numérique en cours pour ce compte.")
    return advisor


def managed_advisors(user):
    """Advisors whose places and workshops the user may edit: oneself, or a structure's advisors in post."""
    if user.role == Role.ADVISOR:
        return Advisor.objects.filter(user=user, in_post=True)
    if user.role == Role.STRUCTURE_MANAGER:
        return Advisor.objects.filter(structure__memberships__user=user, in_post=True)
    return Advisor.objects.none()
