"""A place of activity as a write: `parse_place` reads the raw values into a `PlaceInput`, with every rule.

The place form hands it what its fields read (a Django field reads the type: a text within its length, a
number, an e-mail or web address, a commune); the demo builds a PlaceInput directly (its values are trusted).
The hours come as OpenStreetMap text (`opening_hours`, what imports and experts write) or, from the form's
French editor, day by day (`weekly_hours`, see `_week`); either way the OSM text is what is stored.
The services take the PlaceInput. The tables below also give the form its fields' labels, limits and messages.
"""

import datetime
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from conum.activity import enums
from conum.activity.places import opening_hours, weekly_hours
from conum.core.formatting import thousands
from conum.core.french import de
from conum.core.inputs import Reader
from conum.core.phones import normalized_phone
from conum.core.siret import cleaned_siret
from conum.territories.distance import Point, haversine_km
from conum.territories.models import Commune


@dataclass(frozen=True, kw_only=True)
class PlaceInput:
    """What a place's form edits (the structure is chosen once, at creation; advisors are set apart)."""

    name: str
    address: str
    address_complement: str = ""
    commune: Commune
    postal_code: str
    latitude: float | None = None  # None with longitude None: the commune's centre
    longitude: float | None = None
    siret: str = ""  # empty: the structure's
    typology: str
    phone: str = ""
    email: str = ""
    website: str = ""
    opening_hours: str = ""
    services: list[str]
    publics: list[str] = field(default_factory=list)
    specific_support: list[str] = field(default_factory=list)
    fees: list[str]
    access_modes: list[str]
    accompaniment_modes: list[str] = field(default_factory=list)
    national_programmes: list[str] = field(default_factory=list)
    short_presentation: str = ""
    long_presentation: str = ""
    accessibility: str = ""
    # The rest of the national schema: more typologies, e-mails and sites, mobile or fixed, links, labels.
    other_typologies: list[str] = field(default_factory=list)
    other_emails: list[str] = field(default_factory=list)
    other_websites: list[str] = field(default_factory=list)
    mobility: list[str] = field(default_factory=lambda: [enums.Mobility.FIXED])
    appointment_url: str = ""
    accesslibre_url: str = ""
    training_labels: list[str] = field(default_factory=list)
    other_training_labels: str = ""


PLACE_FIELDS = [each.name for each in fields(PlaceInput)]

# Free texts: key -> (label, most characters, message when missing; None: may stay empty).
TEXTS = {
    "name": ("Nom du lieu", 200, "Indiquez le nom du lieu."),
    "address": ("Adresse", 300, "Indiquez l'adresse du lieu."),
    "address_complement": ("Complément d'adresse", 200, None),
    "short_presentation": ("Présentation courte", 280, None),
    "long_presentation": ("Présentation détaillée", 3000, None),
    "accessibility": ("Accessibilité", 1000, None),
    "other_training_labels": ("Autres formations et labels", 500, None),
}
# The national schema's lists: key -> (label, vocabulary, message when none is ticked; None: may stay empty).
LISTS = {
    "services": ("Services proposés", enums.PlaceService, "Cochez au moins un service proposé."),
    "publics": ("Publics spécifiquement accueillis", enums.PlacePublic, None),
    "specific_support": ("Prises en charge spécifiques", enums.SpecificSupport, None),
    "fees": ("Frais à la charge des personnes", enums.Fee, "Cochez au moins une modalité de frais."),
    "access_modes": ("Modalités d'accès", enums.AccessMode, "Cochez au moins une modalité d'accès."),
    "accompaniment_modes": ("Modalités d'accompagnement", enums.AccompanimentMode, None),
    "national_programmes": ("Autres dispositifs nationaux présents dans le lieu", enums.NationalProgramme, None),
    "mobility": ("Itinérance", enums.Mobility, None),
    "training_labels": ("Formations et labels", enums.TrainingLabel, None),
}
# What an import may leave empty that the form asks for (the schema does not require them).
REQUIRED_IN_FORM_ONLY = {"services", "fees", "access_modes", "typology"}
# Several e-mail or web addresses (the schema joins them with "|"): key -> (label, most addresses).
ADDRESS_LISTS = {"other_emails": ("Autres adresses e-mail", 10), "other_websites": ("Autres sites web", 10)}
# Links of the schema: key -> label.
LINKS = {"appointment_url": "Prise de rendez-vous en ligne", "accesslibre_url": "Fiche Acceslibre"}
LINK_MAX = 500
# Coordinates: key -> (label, bound in degrees, example).
COORDINATES = {"latitude": ("Latitude", 90, "45,8336"), "longitude": ("Longitude", 180, "1,2611")}

TYPOLOGY_MISSING = "Choisissez le type de lieu."
TYPOLOGY_UNKNOWN = "Choisissez un type de lieu de la liste."
# The schema points to data.inclusion's typologies (codes such as TIERS_LIEUX, CCAS, Autre), beyond Conum's list.
TYPOLOGY_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,19}$")
TYPOLOGY_CODE_INVALID = "Un type de lieu est un code de data.inclusion (lettres, chiffres, « _ »), par exemple ASSO."
# The schema's pivot: a SIRET, or an RNA (W and 9 digits) or RIDET number.
PIVOT = re.compile(r"^[a-zA-Z0-9]{9,14}$")
PIVOT_INVALID = "Le pivot est un SIRET (14 chiffres) ou un numéro RNA ou RIDET (9 à 14 lettres et chiffres)."
COMMUNE_MISSING = "Indiquez une commune (nom ou code postal)."
EMAIL_MAX, EMAIL_TOO_LONG = 254, "Cette adresse e-mail est trop longue (254 caractères au plus)."
EMAIL_INVALID = "Saisissez une adresse e-mail valide, par exemple contact@mairie.fr."
WEBSITE_MAX, WEBSITE_TOO_LONG = 200, "Cette adresse web est trop longue (200 caractères au plus)."
WEBSITE_INVALID = "Saisissez une adresse web valide, par exemple https://www.mairie.fr."
HOURS_MAX = 500
# The French editor's week: {"Mo": {"closed": False, "slots": [("09:00", "12:00"), ("14:00", "17:00")]}, …,
# "PH": "off" | "open" (off when left out, as in the form)}; a slot's times are "HH:MM" texts or times, None or
# "" when left empty.
WEEK = "weekly_hours"
WEEK_KEYS = (*opening_hours.DAYS, "PH")
HOURS_TWICE = "Donnez les horaires soit au format OpenStreetMap, soit jour par jour, pas les deux."
SLOT_NAMES = ("premier créneau", "second créneau")

# The schema's telephone pattern: +33 or an overseas prefix, then 6 to 9 digits.
SCHEMA_PHONE = re.compile(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$")
POSTAL_CODE = re.compile(r"^\d{5}$")
HH_MM = re.compile(r"^(\d{1,2}):(\d{2})$")

# (south, north, west, east) of mainland France and Corsica, then of each overseas territory, with margins.
FRANCE_AREAS = [
    (41.2, 51.2, -5.3, 9.7),  # mainland France, Corsica
    (15.8, 18.2, -63.2, -60.9),  # Guadeloupe, Saint-Martin, Saint-Barthélemy
    (14.3, 14.95, -61.3, -60.75),  # Martinique
    (2.0, 5.9, -54.7, -51.5),  # Guyane
    (-21.45, -20.8, 55.15, 55.9),  # La Réunion
    (-13.1, -12.55, 44.95, 45.35),  # Mayotte
    (46.7, 47.2, -56.5, -56.1),  # Saint-Pierre-et-Miquelon
    (-14.5, -13.1, -178.3, -176.0),  # Wallis-et-Futuna
    (-28.0, -7.8, -155.0, -134.0),  # Polynésie française
    (-23.0, -19.5, 163.5, 168.3),  # Nouvelle-Calédonie
]
# How far precise coordinates may lie from the commune's centre (Guyane's communes are immense).
MAX_KM_FROM_COMMUNE = 50
MAX_KM_FROM_COMMUNE_GUYANE = 200


def too_long(most: int, typed) -> str:
    return f"{thousands(most)} caractères au plus ({typed} saisis)."


def coordinate_messages(key: str) -> tuple[str, str]:
    """(not a number, out of range) for the latitude or the longitude."""
    label, bound, example = COORDINATES[key]
    return (
        f"Indiquez un nombre en degrés décimaux, par exemple {example}.",
        f"La {label.lower()} est comprise entre -{bound} et {bound} degrés.",
    )


def parse_place(data: Mapping, *, imported: bool = False) -> PlaceInput:
    """The place described by `data` (keys: PLACE_FIELDS; the commune as a row or its code), or InvalidInput
    with every message by key. `imported`: a row of the national schema (conum import_places), which may leave
    empty what the form requires (REQUIRED_IN_FORM_ONLY) and name any data.inclusion typology or pivot."""
    reader = Reader(data, allowed=[*PLACE_FIELDS, WEEK])
    optional = REQUIRED_IN_FORM_ONLY if imported else set()
    values = {key: _text(reader, key) for key in TEXTS} | {key: _values(reader, key, optional) for key in LISTS}
    if not imported and not values["mobility"]:  # nothing ticked: a fixed place, as every place used to be
        values["mobility"] = [enums.Mobility.FIXED]
    values["typology"] = _typology(reader, imported)
    values["other_typologies"] = _other_typologies(reader, values["typology"])
    # A commune row given is one (the form's field and the import found it): no query to find it again.
    given = reader.raw("commune")
    commune = given if isinstance(given, Commune) and given.pk else reader.instance("commune", Commune.objects.all())
    values["commune"] = commune
    if commune is None:
        reader.add("commune", COMMUNE_MISSING)
    values["postal_code"] = _postal_code(reader, commune)
    values["latitude"], values["longitude"] = _coordinates(reader, commune)
    values["siret"] = _pivot(reader) if imported else _checked(reader, "siret", "SIRET du lieu", cleaned_siret)
    values["phone"] = _phone(reader)
    values["email"] = _address(reader, "email", EMAIL_MAX, EMAIL_TOO_LONG, validate_email, EMAIL_INVALID)
    values["website"] = _address(reader, "website", WEBSITE_MAX, WEBSITE_TOO_LONG, URLValidator(), WEBSITE_INVALID)
    values["other_emails"] = _addresses(reader, "other_emails", EMAIL_MAX, validate_email, EMAIL_INVALID)
    values["other_websites"] = _addresses(reader, "other_websites", WEBSITE_MAX, URLValidator(), WEBSITE_INVALID)
    for key, label in LINKS.items():
        long_link = f"{label} : {thousands(LINK_MAX)} caractères au plus."
        values[key] = _address(reader, key, LINK_MAX, long_link, URLValidator(), WEBSITE_INVALID)
    values["opening_hours"] = _hours(reader) if reader.missing(WEEK) else _week(reader)
    if enums.AccessMode.NO_PUBLIC in values["access_modes"] and len(values["access_modes"]) > 1:
        reader.add(
            "access_modes", "« Ce lieu n'accueille pas de public » ne se combine pas avec d'autres modalités d'accès."
        )
    reader.raise_if_any()
    return PlaceInput(**values)


def _text(reader: Reader, key: str) -> str:
    label, most, missing = TEXTS[key]
    value = reader.text(key, label)
    if not value and missing and not reader.refused(key):
        reader.add(key, missing)
    elif len(value) > most:
        reader.add(key, too_long(most, len(value)))
    return value


def _values(reader: Reader, key: str, optional=()) -> list[str]:
    """The values given (in their order: a stored place keeps its own), once each."""
    label, vocabulary, missing = LISTS[key]
    known = set(reader.choices(key, vocabulary, label))
    if not known:
        if missing and key not in optional and not reader.refused(key):
            reader.add(key, missing)
        return []
    return list(dict.fromkeys(str(value) for value in reader.raw(key) if str(value) in known))


def _typology(reader: Reader, imported: bool) -> str:
    """One of Conum's types (the form's list); an import may leave it empty or give any data.inclusion code."""
    if not imported:
        if reader.missing("typology"):
            reader.add("typology", TYPOLOGY_MISSING)
            return ""
        return reader.choice("typology", enums.PlaceTypology, TYPOLOGY_UNKNOWN)
    code = reader.text("typology", "Type de lieu")
    if code and not TYPOLOGY_CODE.match(code):
        reader.add("typology", TYPOLOGY_CODE_INVALID)
    return code


def _other_typologies(reader: Reader, typology: str) -> list[str]:
    """More data.inclusion codes, in their order, once each and without the first one."""
    raw = reader.raw("other_typologies")
    if raw in (None, "", [], ()):
        return []
    if isinstance(raw, str) or not isinstance(raw, list | tuple):
        reader.add("other_typologies", "Autres types de lieu : une liste de codes est attendue.")
        return []
    codes = [str(code).strip() for code in raw]
    wrong = [code for code in codes if not TYPOLOGY_CODE.match(code)]
    if wrong:
        reader.add("other_typologies", f"{TYPOLOGY_CODE_INVALID} (reçu : {', '.join(wrong)[:100]})")
        return []
    return [code for code in dict.fromkeys(codes) if code != typology]


def _pivot(reader: Reader) -> str:
    pivot = "".join(reader.text("siret", "Pivot").split())
    if not pivot:
        reader.add("siret", "Indiquez le pivot du lieu : son SIRET, ou son numéro RNA.")
    elif not PIVOT.match(pivot):
        reader.add("siret", PIVOT_INVALID)
    return pivot


def _addresses(reader: Reader, key: str, most: int, validate, invalid: str) -> list[str]:
    """Several e-mail or web addresses: a list, or a text with one a line (or separated by "|")."""
    label, count = ADDRESS_LISTS[key]
    raw = reader.raw(key)
    if raw in (None, "", [], ()):
        return []
    if isinstance(raw, str):
        raw = raw.replace("|", "\n").splitlines()
    if not isinstance(raw, list | tuple) or not all(isinstance(value, str) for value in raw):
        reader.add(key, f"{label} : une liste d'adresses est attendue.")
        return []
    addresses = list(dict.fromkeys(value.replace("\x00", "").strip() for value in raw if value.strip()))
    if len(addresses) > count:
        reader.add(key, f"{label} : {count} au plus ({len(addresses)} données).")
    for address in addresses:
        if len(address) > most:
            reader.add(key, f"{label} : « {address[:40]}… » est trop longue ({most} caractères au plus).")
            continue
        try:
            validate(address)
        except ValidationError:
            reader.add(key, f"{label} : « {address[:60]} » n'est pas valide. {invalid}")
    return addresses


def _postal_code(reader: Reader, commune: Commune | None) -> str:
    """The 5 digits, one of the commune's; the commune's own when it has only one and none is given."""
    code = "".join(reader.text("postal_code", "Code postal").split())
    if code and not POSTAL_CODE.match(code):
        reader.add("postal_code", "Le code postal compte exactement 5 chiffres, par exemple 87000.")
    if commune is None or reader.refused("postal_code"):
        return code
    codes = commune.postal_codes.split()
    if not code:
        if len(codes) == 1:
            return codes[0]
        if codes:
            reader.add("postal_code", f"Indiquez le code postal : {commune.name} en a plusieurs ({', '.join(codes)}).")
        else:
            reader.add("postal_code", "Indiquez le code postal du lieu (5 chiffres).")
    elif codes and code not in codes:
        reader.add("postal_code", f"Le code postal {code} n'est pas celui {de(commune)} ({', '.join(codes)}).")
    return code


def _coordinates(reader: Reader, commune: Commune | None) -> tuple[float | None, float | None]:
    """Both or neither, in France and near the commune."""
    latitude, longitude = _degrees(reader, "latitude"), _degrees(reader, "longitude")
    if reader.refused("latitude") or reader.refused("longitude"):
        return latitude, longitude
    if (latitude is None) != (longitude is None):
        missing = "longitude" if longitude is None else "latitude"
        reader.add(missing, "Indiquez la latitude et la longitude, ou aucune des deux.")
    elif latitude is not None and not any(s <= latitude <= n and w <= longitude <= e for s, n, w, e in FRANCE_AREAS):
        reader.add(
            "latitude",
            "Ces coordonnées sont hors de France : vérifiez la latitude (par exemple 45,8336) "
            "et la longitude (par exemple 1,2611).",
        )
    elif latitude is not None and commune is not None and commune.has_coordinates:
        distance = haversine_km(Point(latitude, longitude), Point(commune.latitude, commune.longitude))
        limit = MAX_KM_FROM_COMMUNE_GUYANE if commune.departement_id == "973" else MAX_KM_FROM_COMMUNE
        if distance > limit:
            reader.add(
                "latitude",
                f"Ce point est à {distance:.0f} km {de(commune)} : vérifiez les coordonnées ou la commune.",
            )
    return latitude, longitude


def _degrees(reader: Reader, key: str) -> float | None:
    value = reader.raw(key)
    if value is None or value == "":
        return None
    invalid, out_of_range = coordinate_messages(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        reader.add(key, invalid)
        return None
    if abs(value) > COORDINATES[key][1]:
        reader.add(key, out_of_range)
        return None
    return float(value)


def _checked(reader: Reader, key: str, label: str, clean) -> str:
    """The text cleaned by `clean` (which raises a ValidationError with the French message); "" stays ""."""
    value = reader.text(key, label)
    if not value:
        return ""
    try:
        return clean(value)
    except ValidationError as error:
        reader.add(key, error.messages[0])
        return value


def _phone(reader: Reader) -> str:
    phone = _checked(reader, "phone", "Téléphone", normalized_phone)
    if phone and not reader.refused("phone") and not SCHEMA_PHONE.match(phone):
        reader.add("phone", "Indiquez un numéro de téléphone en France ou en outre-mer.")
    return phone


def _address(reader: Reader, key: str, most: int, too_long_message: str, validate, invalid: str) -> str:
    """An e-mail or web address: `validate` raises a ValidationError when it is not one."""
    value = reader.text(key)
    if len(value) > most:
        reader.add(key, too_long_message)
    elif value:
        try:
            validate(value)
        except ValidationError:
            reader.add(key, invalid)
    return value


def _hours(reader: Reader) -> str:
    """The hours in OpenStreetMap's canonical form ("Mo-Fr 09:00-12:00; Sa 09:00-12:00"), or as typed when only
    the full grammar reads them ("Mo-Fr 09:00-12:00; Jul-Aug off; SH off")."""
    text = reader.text("opening_hours", "Horaires d'ouverture")
    try:
        text = opening_hours.checked(text)
    except opening_hours.OpeningHoursError as error:
        reader.add("opening_hours", str(error))
        return text
    if len(text) > HOURS_MAX:
        reader.add("opening_hours", f"{HOURS_MAX} caractères au plus.")
    return text


def _week(reader: Reader) -> str:
    """The French editor's week (WEEK) written as OSM text; each day's problem under "weekly_hours.<day>"."""
    raw = reader.raw(WEEK)
    if not reader.missing("opening_hours"):
        reader.add("opening_hours", HOURS_TWICE)
    if not isinstance(raw, Mapping):
        reader.add(WEEK, "Horaires jour par jour : un tableau des jours (Mo à Su, PH) est attendu.")
        return ""
    unknown = sorted({str(key) for key in raw} - set(WEEK_KEYS))
    if unknown:
        reader.add(
            WEEK, f"Horaires jour par jour : jours inconnus ({', '.join(unknown)}) ; Mo à Su et PH sont attendus."
        )
    days = tuple(_day(reader, f"{WEEK}.{code}", raw.get(code)) for code in opening_hours.DAYS)
    holidays = raw.get("PH") or "off"
    if holidays not in ("off", "open"):
        reader.add(f"{WEEK}.PH", "Indiquez si le lieu est ouvert ou fermé les jours fériés.")
    return weekly_hours.to_text(weekly_hours.Week(days, public_holidays_closed=holidays == "off"))


def _day(reader: Reader, key: str, raw) -> weekly_hours.Spans | None:
    """One day: None when nothing is said, () when closed, else its one or two slots (sorted)."""
    if raw is None or raw == {}:
        return None
    if not isinstance(raw, Mapping) or not isinstance(raw.get("slots") or [], list | tuple):
        reader.add(key, "Un jour est décrit par « closed » (fermé) et « slots » (ses créneaux).")
        return None
    slots = list(raw.get("slots") or [])
    if any(not isinstance(slot, list | tuple) or len(slot) != 2 for slot in slots):
        reader.add(key, "Chaque créneau est une heure de début et une heure de fin.")
        return None
    if len(slots) > weekly_hours.MAX_SLOTS:
        reader.add(key, "Deux créneaux au plus par jour : au-delà, utilisez le format OpenStreetMap.")
        return None
    read = [(_minutes(reader, key, start), _minutes(reader, key, end)) for start, end in slots]
    if reader.refused(key):
        return None
    filled = [(index, slot) for index, slot in enumerate(read) if slot != (None, None)]
    if raw.get("closed"):
        if filled:
            reader.add(key, "Ce jour est coché « Fermé » : décochez-le ou videz ses horaires.")
        return ()
    if not filled:
        return None
    if filled[0][0] > 0:
        reader.add(key, "Remplissez d'abord le premier créneau : le second est facultatif.")
        return None
    spans = []
    for index, (start, end) in filled:
        name = SLOT_NAMES[index]
        if start is None or end is None:
            missing = "de début" if start is None else "de fin"
            reader.add(key, f"Indiquez l'heure {missing} du {name}.")
        elif end <= start:
            order = f"l'heure de fin ({_hhmm(end)}) doit être après l'heure de début ({_hhmm(start)})"
            reader.add(key, f"{name.capitalize()} : {order}.")
        else:
            spans.append((start, end))
    if reader.refused(key):
        return None
    if len(spans) == 2 and spans[0][0] < spans[1][1] and spans[1][0] < spans[0][1]:
        first, second = (f"{_hhmm(start)}–{_hhmm(end)}" for start, end in spans)
        after = "le second doit commencer après la fin du premier"
        reader.add(key, f"Les deux créneaux se chevauchent ({first} et {second}) : {after}.")
        return None
    return tuple(sorted(spans))


def _minutes(reader: Reader, key: str, value) -> int | None:
    """Minutes since midnight from a time or an "HH:MM" text (00:00 to 23:59); None when empty or refused."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.time):
        return value.hour * 60 + value.minute
    found = HH_MM.match(value.strip()) if isinstance(value, str) else None
    if found is None or int(found[1]) > 23 or int(found[2]) > 59:
        shown = (value if isinstance(value, str) else repr(value))[:20]
        reader.add(key, f"« {shown} » n'est pas une heure : indiquez-la au format HH:MM, par exemple 14:00.")
        return None
    return int(found[1]) * 60 + int(found[2])


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
