"""Duplicates among places, as the national cartography finds them.

- Certain: the same pivot (SIRET) in the same commune. The row is merged into the place already there: its
  empty fields are filled, never overwritten, and the row's (source, id) is kept among the place's sources.
- Doubtful: close names and close addresses (rapidfuzz's token_set_ratio, which ignores word order and words
  present in one name only, "Médiathèque" vs "Médiathèque Jean Moulin") within DISTANCE_MAX_M. The pair goes to
  the national team's review queue (PlaceDuplicateCandidate); both places stay until they decide.

Only places of different sources are compared: a producer's own file gives distinct ids to distinct places (a
town hall's library and its France Services share the town's SIRET and commune).

Neighbours are found through a grid of CELL_DEGREES cells (a dict of cells, one pass): a place is compared with
the places of its cell and the 8 around it, never with every other place.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz

from conum.territories.distance import Point, haversine_km
from conum.territories.text import search_key

# A name is "close" from 85/100 (a word added or a typo: "Mediatheque J. Moulin" / "Médiathèque Jean Moulin" is
# about 90; two libraries of the same town, "Médiathèque du centre" / "Médiathèque Louis Aragon", are about 60).
NAME_MIN_SCORE = 85
# Addresses are written more freely ("12 bis rue Leclerc" / "12B, rue du Général Leclerc"): 80/100.
ADDRESS_MIN_SCORE = 80
# Two entries of the same place geocoded differently stay within a block.
DISTANCE_MAX_M = 200
# 0.003° is 333 m of latitude, and of longitude up to 51°N (mainland France's north): more than DISTANCE_MAX_M
# both ways, so the 3 × 3 cells around a place hold every place within DISTANCE_MAX_M of it.
CELL_DEGREES = 0.003
# Pivots that name no establishment (placeholders of some producers): never a certain duplicate.
PLACEHOLDER_PIVOTS = {"0" * 14, "9" * 14}
# What a merge fills when empty on the kept place.
FILLED_FIELDS = [
    "address_complement", "phone", "email", "website", "opening_hours", "short_presentation", "long_presentation",
    "typology", "other_typologies", "other_emails", "other_websites", "services", "publics", "specific_support",
    "fees", "access_modes", "accompaniment_modes", "national_programmes", "training_labels",
    "other_training_labels", "appointment_url", "accesslibre_url", "parent_structure",
]  # fmt: skip


@dataclass(eq=False)
class Entry:
    """A place known to the index: a row of the database (`pk`) or one this import creates (`pk` None)."""

    source: str  # "" for a place made in Conum
    name: str
    address: str
    commune_id: str
    siret: str
    latitude: float | None
    longitude: float | None
    pk: int | None = None
    payload: object = None  # what the caller keeps with it (the place, the row)

    # Accents, case and punctuation ignored ("Médiathèque" and "MEDIATHEQUE" are the same word); computed only for
    # the places compared (most of a national file has no neighbour to compare with).
    @cached_property
    def key_name(self) -> str:
        return search_key(self.name)

    @cached_property
    def key_address(self) -> str:
        return search_key(self.address)


@dataclass(frozen=True)
class Doubt:
    entry: Entry
    name_score: int
    address_score: int
    distance_m: int


def certain_key(siret: str, commune_id: str) -> tuple[str, str] | None:
    return (siret, commune_id) if len(siret) == 14 and siret not in PLACEHOLDER_PIVOTS else None


class Index:
    def __init__(self):
        self.by_pivot: dict[tuple[str, str], list[Entry]] = defaultdict(list)
        self.cells: dict[tuple[int, int], list[Entry]] = defaultdict(list)

    def add(self, entry: Entry) -> None:
        key = certain_key(entry.siret, entry.commune_id)
        if key:
            self.by_pivot[key].append(entry)
        if entry.latitude is not None and entry.longitude is not None:
            self.cells[_cell(entry.latitude, entry.longitude)].append(entry)

    def certain(self, entry: Entry) -> Entry | None:
        """The first place of another source with the same pivot in the same commune."""
        key = certain_key(entry.siret, entry.commune_id)
        return next((other for other in self.by_pivot.get(key, ()) if other.source != entry.source), None)

    def doubtful(self, entry: Entry) -> list[Doubt]:
        """Places of other sources near `entry` whose name and address are close to its own."""
        if entry.latitude is None or entry.longitude is None:
            return []
        row, column = _cell(entry.latitude, entry.longitude)
        found = []
        point = Point(entry.latitude, entry.longitude)
        for cell in ((row + i, column + j) for i in (-1, 0, 1) for j in (-1, 0, 1)):
            for other in self.cells.get(cell, ()):
                if other.source == entry.source:
                    continue
                distance_m = haversine_km(point, Point(other.latitude, other.longitude)) * 1000
                if distance_m > DISTANCE_MAX_M:
                    continue
                name_score = fuzz.token_set_ratio(entry.key_name, other.key_name)
                if name_score < NAME_MIN_SCORE:
                    continue
                address_score = fuzz.token_set_ratio(entry.key_address, other.key_address)
                if address_score >= ADDRESS_MIN_SCORE:
                    found.append(Doubt(other, round(name_score), round(address_score), round(distance_m)))
        return found


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return int(latitude // CELL_DEGREES), int(longitude // CELL_DEGREES)


def _empty(value) -> bool:
    return value in ("", None, [], ())


def fill_empty(place, values: dict) -> list[str]:
    """Set on `place` each FILLED_FIELDS value of `values` that `place` lacks; the fields filled."""
    filled = []
    for name in FILLED_FIELDS:
        if name in values and _empty(getattr(place, name)) and not _empty(values[name]):
            setattr(place, name, values[name])
            filled.append(name)
    return filled


def add_source(place, source: str, source_id: str) -> bool:
    """Keep (source, id) among the place's merged sources; False when it is there already."""
    pair = [source, source_id]
    if [place.source, place.source_id] == pair or pair in place.other_sources:
        return False
    place.other_sources = [*place.other_sources, pair]
    return True
