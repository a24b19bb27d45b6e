"""A workshop session as typed (the advisor's form, the demo, direct calls), parsed once into a `SessionInput`.

`parse_session` holds every rule of a session: texts and their lengths, themes, level, the place (one of the
advisor's, or the session's own when editing) or a link for a remote session, the times and the registration
window, the capacity (not below the people already holding a seat when editing), and, when creating, the
repetition of a series. Times given without a zone are read in the place's (an overseas place has its own; a
remote session takes its structure's). The services (services.py) re-check under their locks only what may have
changed since: the seats taken and the place still being the advisor's.
"""

from dataclasses import dataclass
from datetime import datetime, tzinfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from conum.activity.enums import Theme, WorkshopLevel
from conum.activity.models import Place
from conum.activity.workshops.registrations import CONTROL_CHARACTERS, at, seats_taken
from conum.core.formatting import plural
from conum.core.inputs import Reader
from conum.territories.time_zones import time_zone_for

MAX_SESSIONS = 52
TITLE_LENGTH = (5, 150)
DESCRIPTION_LENGTH = (20, 3000)
WHAT_TO_BRING_LENGTH = 300
LINK_LENGTH = 200
CAPACITY = (1, 100)
# The session's columns a SessionInput sets (the journal compares them before and after an edit).
DETAIL_FIELDS = (
    "title", "description", "themes", "level", "place", "remote_link", "starts_at", "ends_at", "capacity",
    "registration_opens_at", "registration_closes_at", "public", "what_to_bring",
)  # fmt: skip
SESSION_KEYS = {"create": (*DETAIL_FIELDS, "repeat", "occurrences"), "edit": (*DETAIL_FIELDS, "following")}


class Repeat(models.TextChoices):
    NONE = "none", "Une seule séance"
    WEEKLY = "weekly", "Chaque semaine, le même jour"
    MONTHLY = "monthly", "Chaque mois, le même jour du mois"


@dataclass(frozen=True)
class SessionInput:
    """A session (or, when creating, the first of a series). The registration window left empty (None) opens
    now and closes when the session starts; `following`: an edit also changes the later sessions of its series."""

    title: str
    description: str
    themes: tuple[str, ...]
    level: str
    place: Place | None
    remote_link: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    public: bool = True
    what_to_bring: str = ""
    repeat: str = Repeat.NONE
    occurrences: int = 1
    following: bool = False
    # The zone of its place (a remote session: its structure's); naive times given were read in it.
    time_zone: tzinfo | None = None

    def details(self) -> dict:
        """The session's columns, as the model takes them."""
        return {name: list(self.themes) if name == "themes" else getattr(self, name) for name in DETAIL_FIELDS}


def advisor_places(advisor):
    """The places where the advisor works (not archived): a session takes place in one of them."""
    return Place.objects.filter(advisors=advisor, archived_at__isnull=True)


def session_places(advisor, workshop=None):
    """The places a session may take: the advisor's, and the edited session's own (kept even if archived since)."""
    places = Q(advisors=advisor, archived_at__isnull=True)
    if workshop is not None and workshop.place_id:
        places |= Q(pk=workshop.place_id)
    return Place.objects.filter(places).distinct()


def session_zone(place, advisor, workshop=None) -> tzinfo:
    """The time zone a session's times are typed and shown in: its place's; a remote session's, its structure's."""
    if place is not None:
        return place.time_zone
    structure = workshop.structure if workshop is not None else advisor.structure
    return time_zone_for(structure.departement_id)


def seats_refusal(taken: int) -> str:
    return (
        f"{plural(taken, 'personne est déjà inscrite', 'personnes sont déjà inscrites')} : "
        f"le nombre de places ne peut pas descendre en dessous de {taken}."
    )


def parse_session(data, *, advisor, workshop=None) -> SessionInput:
    """The session `advisor` schedules (or, with `workshop`, the new values of that session), every rule checked;
    raises InvalidInput with each French message by key."""
    reader = Reader(data, allowed=SESSION_KEYS["edit" if workshop else "create"])
    series = {} if workshop else _series(reader)
    title, description = _text(reader, "title"), _text(reader, "description")
    if not title:
        reader.add("title", "Indiquez le titre de l'atelier.")
    elif not TITLE_LENGTH[0] <= len(title) <= TITLE_LENGTH[1]:
        reader.add("title", f"Le titre fait {len(title)} caractères : de 5 à 150.")
    if not description:
        reader.add("description", "Décrivez ce que l'on apprend pendant l'atelier.")
    elif not DESCRIPTION_LENGTH[0] <= len(description) <= DESCRIPTION_LENGTH[1]:
        reader.add("description", f"La description fait {len(description)} caractères : de 20 à 3 000.")
    for key in ("title", "description"):
        if CONTROL_CHARACTERS.search(str(reader.raw(key) or "")):
            reader.add(key, "Ce texte contient des caractères non imprimables : retirez-les.")
    themes = reader.raw("themes") or []
    if not themes:
        reader.add("themes", "Choisissez au moins un thème.")
    elif not isinstance(themes, list | tuple) or {str(theme) for theme in themes} - set(Theme.values):
        reader.add("themes", "Choisissez les thèmes dans la liste.")
    level = reader.choice(
        "level", WorkshopLevel, "Choisissez le niveau de l'atelier : débutant, intermédiaire ou avancé."
    )
    place, remote_link = _place(reader, advisor, workshop)
    zone = session_zone(place, advisor, workshop)
    with timezone.override(zone):  # times typed without a zone are the place's local time
        times = _times(reader)
    capacity = _whole(reader, "capacity", CAPACITY, "Le nombre de places est compris entre 1 et 100.")
    if workshop is not None and capacity is not None:
        taken = seats_taken([workshop.pk]).get(workshop.pk, 0)
        if capacity < taken:
            reader.add("capacity", seats_refusal(taken))
    what_to_bring = reader.text("what_to_bring")
    if len(what_to_bring) > WHAT_TO_BRING_LENGTH:
        reader.add("what_to_bring", f"« À apporter » fait {len(what_to_bring)} caractères : 300 au plus.")
    public = reader.raw("public")
    reader.raise_if_any()
    return SessionInput(
        title=title,
        description=description,
        themes=tuple(dict.fromkeys(themes)),
        level=level,
        place=place,
        remote_link=remote_link,
        capacity=capacity,
        public=True if public is None else bool(public),
        what_to_bring=what_to_bring,
        following=bool(reader.raw("following")),
        time_zone=zone,
        **times,
        **series,
    )


def _text(reader, key) -> str:
    """A text without surrounding spaces; "" when absent (the non-printable characters are refused, not removed)."""
    value = reader.raw(key)
    return value.strip() if isinstance(value, str) else reader.text(key)


def _whole(reader, key, bounds, message) -> int | None:
    """A whole number within `bounds` (an int or a string of digits); None when refused."""
    value = reader.raw(key)
    if isinstance(value, str) and value.strip().isdecimal():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not bounds[0] <= value <= bounds[1]:
        reader.add(key, message)
        return None
    return value


def _series(reader) -> dict:
    """A new session's repetition: one session, or up to 52 weekly or monthly."""
    repeat = reader.choice("repeat", Repeat, "Choisissez une répétition de la liste.", required=False) or Repeat.NONE
    occurrences = 1
    if not reader.missing("occurrences"):
        occurrences = _whole(
            reader, "occurrences", (1, MAX_SESSIONS), "Le nombre de séances est compris entre 1 et 52."
        )
    if repeat == Repeat.NONE and not reader.refused("repeat") and (occurrences or 1) > 1:
        reader.add("repeat", "Choisissez « chaque semaine » ou « chaque mois » pour programmer plusieurs séances.")
    return {"repeat": repeat, "occurrences": occurrences}


def _place(reader, advisor, workshop) -> tuple:
    place, link = reader.instance("place", session_places(advisor, workshop)), reader.text("remote_link")
    if place is None and not reader.missing("place"):
        reader.add("place", "Choisissez l'un de vos lieux d'activité.")
    elif place is None and not link:
        reader.add(
            "place", "Choisissez l'un de vos lieux, ou indiquez un lien de connexion pour un atelier à distance."
        )
    if link:
        try:
            URLValidator(schemes=["https", "http"])(link)
        except ValidationError:
            reader.add(
                "remote_link", "Indiquez une adresse web complète, par exemple https://visio.exemple.fr/atelier."
            )
        if len(link) > LINK_LENGTH:
            reader.add("remote_link", f"Le lien fait {len(link)} caractères : 200 au plus.")
    return place, link


def _times(reader) -> dict:
    """The session's start and end, and its registration window (None: open now, close at the start)."""
    keys = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")
    times = {key: reader.moment(key) for key in keys}
    starts, ends = times["starts_at"], times["ends_at"]
    if any(reader.refused(key) for key in keys):
        return times
    if starts is None or ends is None:
        reader.add("starts_at", "Indiquez la date, l'heure de début et l'heure de fin de la séance.")
        return times
    now = timezone.now()
    if ends <= starts:
        reader.add("ends_at", "L'heure de fin doit être après l'heure de début.")
    if starts <= now:
        reader.add("starts_at", f"Le début de la séance ({at(starts)}) est déjà passé : choisissez un moment à venir.")
    opens, closes = times["registration_opens_at"] or now, times["registration_closes_at"] or starts
    if closes > starts:
        reader.add(
            "registration_closes_at",
            f"Les inscriptions doivent se clore au plus tard au début de la séance ({at(starts)}).",
        )
    if opens >= closes:
        reader.add("registration_opens_at", f"Les inscriptions doivent ouvrir avant leur clôture ({at(closes)}).")
    return times
