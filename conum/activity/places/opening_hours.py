"""Opening hours in the OpenStreetMap `opening_hours` syntax, as the national places schema asks.

The subset that places mostly use (and that the YoHours tool produces) is read here:

    Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; Su off; PH off
    24/7

- rules separated by ";"; a later rule replaces what an earlier one said of the same days (OSM's meaning);
- weekdays Mo Tu We Th Fr Sa Su, ranges "Mo-Fr" (a range may wrap: "Sa-Mo"), lists "Mo,We,Fr";
- time spans "HH:MM-HH:MM" separated by ","; a span ends after it starts, on the same day (24:00 ends a day);
- "off" (or "closed") for days closed; "PH off": closed on public holidays; a rule without weekdays
  ("10:00-18:00") holds every day; "24/7" is always open.

Malformed text raises OpeningHoursError (a ValueError) whose French message gives the character number
(1-based) and what was expected there. Spacing and case are lenient; `normalize` writes the canonical form.

The rest of the grammar the schema allows (PH with hours, SH, months, dates, week numbers, comments, "||") is
accepted too (`checked`), as opening-hours-py reads it (osm.py); whether a place is open, and its hours of a
day, are evaluated by opening-hours-py for every text, in the place's time zone with its territory's public
holidays (territories.time_zones). Pure Python (no Django): the citizen site and the exports use it too.
"""

import datetime
import functools
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from conum.activity.places import osm
from conum.territories.time_zones import PARIS

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MINUTES_PER_DAY = 24 * 60
END_OF_DAY = datetime.time.max  # how week() shows "24:00"

EXAMPLE = "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00"

EXPECTED_DAY = "un jour est attendu : Mo, Tu, We, Th, Fr, Sa ou Su (abréviations anglaises)"
EXPECTED_RULE = "un jour (Mo, Tu, We, Th, Fr, Sa, Su), « PH » (jours fériés), « 24/7 » ou une heure est attendu"
EXPECTED_TIME = "une heure au format HH:MM est attendue"
EXPECTED_HOURS = "des horaires (HH:MM-HH:MM) ou « off » sont attendus"
EXPECTED_NEXT = "une virgule (créneau suivant) ou un point-virgule (règle suivante) est attendu"

_TIME = re.compile(r"(\d{1,2}):(\d{2})(?!\d)")
_WORD = re.compile(r"[^\W\d_]+")  # letters only (accented ones too, to quote them whole)


class OpeningHoursError(ValueError):
    """Malformed opening hours: `position` is the character number (1-based), `expected` what was expected."""

    def __init__(self, position: int, expected: str, at_end: bool = False):
        self.position = position
        self.expected = expected
        where = f"au caractère {position}" + (" (à la fin)" if at_end else "")
        super().__init__(f"Horaires illisibles {where} : {expected}.")


@dataclass(frozen=True)
class Rule:
    """One rule. `day_ranges` as written ((first, last) weekday indices; first == last for one day);
    empty for a rule that holds every day. `spans` in minutes since midnight; empty means closed."""

    day_ranges: tuple[tuple[int, int], ...] = ()
    spans: tuple[tuple[int, int], ...] = ()
    public_holidays: bool = False
    always: bool = False  # "24/7"

    @property
    def days(self) -> tuple[int, ...]:
        if not self.day_ranges:
            return tuple(range(7))
        days = []
        for first, last in self.day_ranges:
            day = first
            while True:
                if day not in days:
                    days.append(day)
                if day == last:
                    break
                day = (day + 1) % 7
        return tuple(days)

    def __str__(self) -> str:
        if self.always:
            return "24/7"
        hours = ",".join(f"{_hhmm(start)}-{_hhmm(end)}" for start, end in self.spans) or "off"
        if self.public_holidays:
            return f"PH {hours}"
        if not self.day_ranges:
            return hours
        days = ",".join(
            DAYS[first] if first == last else f"{DAYS[first]}-{DAYS[last]}" for first, last in self.day_ranges
        )
        return f"{days} {hours}"


@dataclass(frozen=True)
class OpeningHours:
    rules: tuple[Rule, ...]

    def __str__(self) -> str:
        return "; ".join(str(rule) for rule in self.rules)

    @property
    def closed_on_public_holidays(self) -> bool:
        return any(rule.public_holidays for rule in self.rules)

    def schedule(self) -> dict[int, tuple[tuple[int, int], ...] | None]:
        """Weekday → spans in minutes; None for a day that no rule mentions. Later rules win."""
        days: dict[int, tuple[tuple[int, int], ...] | None] = dict.fromkeys(range(7))
        for rule in self.rules:
            if rule.public_holidays:
                continue
            spans = ((0, MINUTES_PER_DAY),) if rule.always else rule.spans
            for day in rule.days:
                days[day] = spans
        return days

    def week(self) -> dict[int, list[tuple[datetime.time, datetime.time]]]:
        return {
            day: [(_time(start), _time(end)) for start, end in spans or ()] for day, spans in self.schedule().items()
        }

    def describe(self) -> list[str]:
        groups: dict[tuple, list[int]] = {}
        for day, spans in self.schedule().items():
            if spans is not None:
                groups.setdefault(spans, []).append(day)
        lines = [
            f"{_days_label(days)} : {_spans_label(spans)}"
            for spans, days in sorted(groups.items(), key=lambda group: group[1][0])
        ]
        if self.closed_on_public_holidays:
            lines.append("jours fériés : fermé")
        return lines


# ---- the public functions ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> OpeningHours:
    """The rules of `text`; OpeningHoursError when it is malformed. Empty text: no rule (hours unknown).
    Cached (the result is immutable): search pages read the hours of hundreds of places sharing a few texts."""
    return _Parser(text or "").parse()


def normalize(text: str) -> str:
    """The canonical form: "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00" (days and times as OSM writes them)."""
    return str(parse(text))


def week(text: str) -> dict[int, list[tuple[datetime.time, datetime.time]]]:
    """Weekday index (0 = Monday) → [(start, end)] sorted; an empty list when closed or not mentioned.
    An end at 24:00 is `END_OF_DAY` (time.max)."""
    return parse(text).week()


def describe(text: str) -> list[str]:
    """Readable French, one line per group of days with the same hours, Monday first:
    ["lundi–vendredi : 9 h–12 h, 14 h–18 h 30", "samedi : 9 h–12 h", "dimanche : fermé"].
    Days that no rule mentions are left out; "fermé" is shown for days said to be "off"."""
    return parse(text).describe()


def readable(text: str) -> list[str]:
    """`describe`, or the text as it is when malformed (saved before the parser: imports, demo)."""
    try:
        return describe(text)
    except OpeningHoursError:
        return [text]


def checked(text: str) -> str:
    """The hours to store: the canonical form of the subset, or the text as typed (trimmed) when only the full
    grammar reads it (opening-hours-py); OpeningHoursError, with the subset's French message and position, when
    neither reads it."""
    try:
        return normalize(text)
    except OpeningHoursError:
        if osm.is_valid(text.strip()):
            return text.strip()
        raise


def is_open(text: str, when: datetime.datetime, tz: ZoneInfo = PARIS, holidays: str | None = None) -> bool:
    """Whether the place is open at `when`: an aware datetime is read in `tz` (the place's time zone), a naive
    one as the place's local time; `holidays`: the territory's subdivision (time_zones.holiday_subdivision).
    Unknown hours (empty text) count as closed; OpeningHoursError when neither grammar reads the text."""
    text = _readable(text)
    return bool(text) and osm.is_open(text, when, tz, holidays)


def today_hours(text: str, day: datetime.date, tz: ZoneInfo = PARIS, holidays: str | None = None) -> str:
    """The hours of `day` (local to `tz`) in French: "9 h–12 h, 14 h–18 h 30", "fermé", "fermé (jour férié)",
    or the comment that stands for the day ("sur rendez-vous"); empty when no hours are known."""
    text = _readable(text)
    if not text:
        return ""
    spans, note = osm.day_hours(text, day, tz, holidays)
    if not spans and note:
        return note  # "sur rendez-vous"
    if not spans and osm.mentions_public_holidays(text) and is_public_holiday(day, holidays):
        return "fermé (jour férié)"
    return _spans_label(spans)


def is_public_holiday(day: datetime.date, holidays: str | None = None) -> bool:
    """A public holiday of mainland France, or of the territory's subdivision of the `holidays` package
    ("57" Moselle, "6AE" Alsace, "974" La Réunion, "NC"…)."""
    return osm.is_public_holiday(day, holidays)


def _readable(text: str) -> str:
    """`text` trimmed, when one of the two grammars reads it; OpeningHoursError otherwise."""
    text = (text or "").strip()
    if text and not osm.is_valid(text):
        parse(text)  # raises the French message
        text = normalize(text)  # lenient spacing and case that opening-hours-py refuses
    return text


# ---- parsing ----------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.i = 0

    def fail(self, expected: str, at: int | None = None):
        at = self.i if at is None else at
        raise OpeningHoursError(at + 1, expected, at_end=at >= len(self.text))

    def peek(self) -> str:
        """The next character that is not a space (the position stays)."""
        j = self.i
        while j < len(self.text) and self.text[j].isspace():
            j += 1
        return self.text[j] if j < len(self.text) else ""

    def skip_spaces(self):
        while self.i < len(self.text) and self.text[self.i].isspace():
            self.i += 1

    def take(self, char: str) -> bool:
        """Consume `char` (after spaces) if it comes next."""
        if self.peek() == char:
            self.skip_spaces()
            self.i += 1
            return True
        return False

    def parse(self) -> OpeningHours:
        self.skip_spaces()
        if self.i == len(self.text):
            return OpeningHours(())
        rules = [self.rule()]
        while self.i < len(self.text):
            if not self.take(";"):
                self.skip_spaces()
                if self.i == len(self.text):
                    break
                self.fail(self._hint() or EXPECTED_NEXT)
            self.skip_spaces()
            if self.i == len(self.text) or self.text[self.i] == ";":
                self.fail("une règle est attendue après le point-virgule")
            rules.append(self.rule())
            self.skip_spaces()
        return OpeningHours(tuple(rules))

    def rule(self) -> Rule:
        text, i = self.text, self.i
        if text.startswith("24/7", i):
            self.i += 4
            return Rule(always=True)
        if text[i].isdigit():
            return Rule(spans=self.spans())
        word = _WORD.match(text, i)
        if word is None:
            self.fail(self._hint() or EXPECTED_RULE)
        if word.group().upper() == "PH":
            self.i = word.end()
            self.skip_spaces()
            if not self.closed_word():
                self.fail("après « PH » (jours fériés), seul « off » est pris en charge")
            return Rule(public_holidays=True)
        day_ranges = self.weekdays()
        self.skip_spaces()
        if self.i == len(text):
            self.fail(EXPECTED_HOURS)
        if self.closed_word():
            return Rule(day_ranges=day_ranges)
        if not text[self.i].isdigit():
            self.fail(self._hint() or EXPECTED_HOURS)
        return Rule(day_ranges=day_ranges, spans=self.spans())

    def closed_word(self) -> bool:
        word = _WORD.match(self.text, self.i)
        if word and word.group().lower() in ("off", "closed"):
            self.i = word.end()
            return True
        return False

    def weekdays(self) -> tuple[tuple[int, int], ...]:
        ranges = []
        while True:
            first = self.day()
            last = self.day() if self.take("-") else first
            ranges.append((first, last))
            if not self.take(","):
                return tuple(ranges)

    def day(self) -> int:
        self.skip_spaces()
        word = _WORD.match(self.text, self.i)
        name = word.group().capitalize() if word else ""
        if name == "Ph":
            self.fail("les jours fériés s'écrivent dans une règle à part : « PH off »")
        if name not in DAYS:
            self.fail(EXPECTED_DAY)
        self.i = word.end()
        return DAYS.index(name)

    def spans(self) -> tuple[tuple[int, int], ...]:
        spans: list[tuple[int, int]] = []
        while True:
            self.skip_spaces()
            at = self.i
            start = self.time()
            if start == MINUTES_PER_DAY:
                self.fail("un créneau ne peut pas commencer à 24:00", at)
            if not self.take("-"):
                self.fail("un tiret est attendu entre l'heure de début et l'heure de fin (09:00-12:00)")
            self.skip_spaces()
            end_at = self.i
            end = self.time()
            if end <= start:
                self.fail(f"l'heure de fin doit être après l'heure de début ({_hhmm(start)})", end_at)
            for other_start, other_end in spans:
                if start < other_end and other_start < end:
                    self.fail(f"ce créneau chevauche le créneau {_hhmm(other_start)}-{_hhmm(other_end)}", at)
            spans.append((start, end))
            if not self.take(","):
                return tuple(sorted(spans))
            if self.peek().isalpha():
                self.skip_spaces()
                self.fail("un autre créneau est attendu après la virgule ; séparez les règles par un point-virgule")

    def time(self) -> int:
        found = _TIME.match(self.text, self.i)
        if found is None:
            self.fail(EXPECTED_TIME)
        hours, minutes = int(found[1]), int(found[2])
        if minutes > 59 or hours > 24 or (hours == 24 and minutes):
            self.fail(f"l'heure {found[0]} n'existe pas (de 00:00 à 24:00)")
        self.i = found.end()
        return hours * 60 + minutes

    def _hint(self) -> str:
        """A more precise message for what people often write."""
        self.skip_spaces()
        rest = self.text[self.i :]
        if rest.startswith('"'):
            return "les commentaires entre guillemets ne sont pas pris en charge"
        if rest[:1].isdigit():
            return EXPECTED_NEXT
        return ""


# ---- French -----------------------------------------------------------------------------------------


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _time(minutes: int) -> datetime.time:
    return END_OF_DAY if minutes == MINUTES_PER_DAY else datetime.time(minutes // 60, minutes % 60)


def _french_time(minutes: int) -> str:
    """ "9 h", "18 h 30" with no-break spaces, like `core.formatting.clock` (which cannot say 24 h)."""
    hours, rest = divmod(minutes, 60)
    return f"{hours}\xa0h\xa0{rest:02d}" if rest else f"{hours}\xa0h"


def _spans_label(spans) -> str:
    if not spans:
        return "fermé"
    if spans == ((0, MINUTES_PER_DAY),):
        return "24\xa0h/24"
    return ", ".join(f"{_french_time(start)}–{_french_time(end)}" for start, end in spans)


def _days_label(days: list[int]) -> str:
    """[0, 1, 2, 3, 4] → "lundi–vendredi"; [0, 2, 4] → "lundi, mercredi, vendredi"; all seven → "tous les jours"."""
    if len(days) == 7:
        return "tous les jours"
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{DAY_NAMES[run[0]]}–{DAY_NAMES[run[-1]]}")
        else:
            parts.extend(DAY_NAMES[day] for day in run)
    return ", ".join(parts)
