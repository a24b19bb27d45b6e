"""The advisor behind a request."""

from django.http import Http404

from conum.recruitment.models import Advisor


def current_advisor(user) -> Advisor:
    """The advisor in post behind an advisor account (views are already restricted to that role)."""
    advisor = Advisor.objects.in_post_for(user)
    if advisor is None:
        raise Http404("Aucun poste de conseiller numérique en cours pour ce compte.")
    return advisor
