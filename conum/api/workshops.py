"""Upcoming public workshop sessions, with the seats left."""

from datetime import date, datetime

from django.urls import reverse
from ninja import Field, Query, Router, Schema

from conum.activity.enums import Theme, WorkshopLevel
from conum.activity.workshops.services import with_seat_counts
from conum.api.errors import documented
from conum.api.filters import check_period, narrowed
from conum.api.pagination import PageParams, page_schema, paginate
from conum.api.places import COMMUNE_PATTERN, DEPARTEMENT_PATTERN
from conum.core.model_fields import has_value
from conum.public.search import booking, upcoming_workshops
from conum.steering.opendata import place_id

router = Router(tags=["Ateliers"])


class WorkshopPlaceOut(Schema):
    id: str = Field(description="Identifiant du lieu, celui de /places et des données ouvertes (conum-lieu-12)")
    nom: str
    adresse: str
    code_postal: str
    commune: str
    code_insee: str
    latitude: float | None
    longitude: float | None


class WorkshopOut(Schema):
    id: int
    title: str
    description: str
    themes: list[str]
    level: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    seats_left: int
    registration_opens_at: datetime
    registration_closes_at: datetime
    booking: str = Field(description="open, waitlist (complet : liste d'attente), not_yet, closed")
    url: str = Field(description="Page de l'atelier et d'inscription")
    place: WorkshopPlaceOut


WorkshopPage = page_schema("WorkshopPage", WorkshopOut)


class WorkshopFilters(PageParams):
    departement: str | None = Field(None, pattern=DEPARTEMENT_PATTERN, description="Code du département du lieu")
    commune: str | None = Field(None, pattern=COMMUNE_PATTERN, description="Code INSEE de la commune du lieu")
    theme: Theme | None = None
    level: WorkshopLevel | None = None
    start: date | None = Field(None, description="Séances à partir de ce jour (AAAA-MM-JJ)")
    end: date | None = Field(None, description="Séances jusqu'à ce jour inclus (AAAA-MM-JJ)")


# What each set filter keeps (api.filters.narrowed).
WORKSHOP_CONDITIONS = {
    "departement": "place__departement_id",
    "commune": "place__commune_id",
    "theme": lambda theme: has_value("themes", theme),
    "level": "level",
    "start": "starts_at__date__gte",
    "end": "starts_at__date__lte",
}


def workshop_out(request, session) -> dict:
    place = session.place
    return {
        "id": session.pk,
        "title": session.title,
        "description": session.description,
        "themes": session.themes,
        "level": session.level,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "capacity": session.capacity,
        "seats_left": max(0, session.capacity - session.seats_taken),
        "registration_opens_at": session.registration_opens_at,
        "registration_closes_at": session.registration_closes_at,
        "booking": booking(session),
        "url": request.build_absolute_uri(reverse("public:workshop", args=[session.pk])),
        "place": {
            "id": place_id(place),
            "nom": place.name,
            "adresse": place.address,
            "code_postal": place.postal_code,
            "commune": place.commune.name,
            "code_insee": place.commune_id,
            "latitude": place.latitude,
            "longitude": place.longitude,
        },
    }


@router.get("/workshops", response={200: WorkshopPage, **documented(422, 429)}, url_name="workshops")
def workshops(request, filters: Query[WorkshopFilters]):
    """Séances d'ateliers à venir, ouvertes au public, les plus proches dans le temps d'abord."""
    check_period(filters.start, filters.end)
    sessions = narrowed(upcoming_workshops(), filters, WORKSHOP_CONDITIONS)
    sessions = with_seat_counts(sessions.select_related("place__commune")).order_by("starts_at", "pk")
    return paginate(request, sessions, filters.page, filters.page_size, build=lambda s: workshop_out(request, s))
