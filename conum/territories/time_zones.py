"""The local time and public holidays of each département, declared once.

Mainland France and Corsica live on Paris time; the overseas départements and collectivities have their own
zone, and several territories add public holidays of their own (Alsace-Moselle: Good Friday and 26 December;
La Réunion: 20 December…), which the `holidays` package knows by subdivision.

French Polynesia spans three zones (Tahiti, the Marquesas, the Gambier): its places use Tahiti's, where
almost all its people live. Pure Python (no Django): opening hours and calendars use it too.
"""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class LocalTime:
    zone: ZoneInfo
    label: str  # what pages add after a time: "heure de Nouméa"; empty for Paris time
    holidays: str | None  # the `holidays` package's subdivision of France; None: mainland holidays only


MAINLAND = LocalTime(PARIS, "", None)
ALSACE_MOSELLE = {"57": "57", "67": "6AE", "68": "6AE"}  # the package's "Moselle" and "Alsace"
OVERSEAS = {
    "971": LocalTime(ZoneInfo("America/Guadeloupe"), "heure de la Guadeloupe", "971"),
    "972": LocalTime(ZoneInfo("America/Martinique"), "heure de la Martinique", "972"),
    "973": LocalTime(ZoneInfo("America/Cayenne"), "heure de la Guyane", "973"),
    "974": LocalTime(ZoneInfo("Indian/Reunion"), "heure de La Réunion", "974"),
    "975": LocalTime(ZoneInfo("America/Miquelon"), "heure de Saint-Pierre-et-Miquelon", "PM"),
    "976": LocalTime(ZoneInfo("Indian/Mayotte"), "heure de Mayotte", "976"),
    "977": LocalTime(ZoneInfo("America/St_Barthelemy"), "heure de Saint-Barthélemy", "BL"),
    "978": LocalTime(ZoneInfo("America/Marigot"), "heure de Saint-Martin", "MF"),
    "986": LocalTime(ZoneInfo("Pacific/Wallis"), "heure de Wallis-et-Futuna", "WF"),
    "987": LocalTime(ZoneInfo("Pacific/Tahiti"), "heure de Tahiti", "PF"),
    "988": LocalTime(ZoneInfo("Pacific/Noumea"), "heure de Nouméa", "NC"),
}
_LABELS = {local.zone.key: local.label for local in OVERSEAS.values()}


def local_time(departement_code: str | None) -> LocalTime:
    """The zone, its label and the holidays of a département (Paris time and mainland holidays by default)."""
    code = departement_code or ""
    if code in OVERSEAS:
        return OVERSEAS[code]
    if code in ALSACE_MOSELLE:
        return LocalTime(PARIS, "", ALSACE_MOSELLE[code])
    return MAINLAND


def time_zone_for(departement_code: str | None) -> ZoneInfo:
    return local_time(departement_code).zone


def holiday_subdivision(departement_code: str | None) -> str | None:
    return local_time(departement_code).holidays


def zone_label(zone) -> str:
    """ "heure de Nouméa" for an overseas zone, "" for Paris time (what every page assumes)."""
    return _LABELS.get(getattr(zone, "key", ""), "")
