"""Places around Saint-Junien (87) for the citizen site, run by a real hired advisor."""

import pytest

from conum.activity.enums import AccessMode, Fee, PlacePublic, PlaceService
from tests.activity.conftest import hired_advisor, limoges_application  # noqa: F401  (fixtures)
from tests.activity.factories import PlaceFactory, WorkshopFactory


def _place(advisor, name, commune, postal_code, **fields):
    return PlaceFactory(structure=advisor.structure, advisors=[advisor], name=name, commune_id=commune,
                        postal_code=postal_code, **fields)  # fmt: skip


@pytest.fixture
def network(hired_advisor):  # noqa: F811
    """Five public places at known distances from Saint-Junien, one archived and one closed to the public."""
    advisor = hired_advisor
    places = {
        "saint_junien": _place(
            advisor, "Médiathèque de Saint-Junien", "87154", "87200",
            opening_hours="Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00",
            services=[PlaceService.EVERYDAY_TOOLS, PlaceService.PROCEDURES], publics=[PlacePublic.SENIORS],
            phone="+33555021234",
        ),
        "saint_brice": _place(
            advisor, "Mairie de Saint-Brice-sur-Vienne", "87140", "87200",
            opening_hours="Mo-Fr 14:00-17:00", services=[PlaceService.PROCEDURES],
        ),
        "rochechouart": _place(
            advisor, "Tiers-lieu de Rochechouart", "87126", "87600", fees=[Fee.PAID],
            opening_hours="Tu-Sa 10:00-18:00", services=[PlaceService.EVERYDAY_TOOLS, PlaceService.LEISURE],
        ),
        "oradour": _place(
            advisor, "France Services d'Oradour-sur-Glane", "87110", "87520",
            services=[PlaceService.PROCEDURES, PlaceService.EVERYDAY_TOOLS],
        ),
        "limoges": _place(advisor, "Médiathèque de Limoges", "87085", "87000"),
        "archived": _place(advisor, "Ancienne mairie annexe", "87154", "87200"),
        "no_public": _place(
            advisor, "Bureau du conseiller", "87154", "87200", access_modes=[AccessMode.NO_PUBLIC]
        ),
    }  # fmt: skip
    from django.utils import timezone

    places["archived"].archived_at = timezone.now()
    places["archived"].save()
    return places


@pytest.fixture
def workshop(network, hired_advisor):  # noqa: F811
    return WorkshopFactory(advisor=hired_advisor, place=network["saint_junien"], capacity=2)
