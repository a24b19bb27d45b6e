"""The week of the place form's hours editor, and the OpenStreetMap text it stands for.

The editor shows, for each weekday, "Fermé" or one or two time slots, and whether the place closes on public
holidays. `to_text` writes the national schema's `horaires` (the subset `opening_hours` reads), days with the
same slots merged as the schema's examples do: "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off".
`from_text` reads stored hours back into a week, or None when the editor cannot show them (more than two slots
a day, a slot ending at midnight, "24/7", malformed text): the OpenStreetMap field then edits them.
Pure Python, like `opening_hours`.
"""

from dataclasses import dataclass

from conum.activity.places.opening_hours import MINUTES_PER_DAY, OpeningHours, OpeningHoursError, Rule, parse

MAX_SLOTS = 2

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Week:
    """Seven days, Monday first: None when nothing is said of the day (it is left out of the text), () when it
    is closed ("off"), else its slots in minutes since midnight, sorted. `public_holidays_closed`: "PH off"."""

    days: tuple[Spans | None, ...] = (None,) * 7
    public_holidays_closed: bool = True

    @property
    def is_empty(self) -> bool:
        return all(spans is None for spans in self.days)


def to_text(week: Week) -> str:
    """The OSM text of `week`; empty when no day is said (public holidays alone say nothing of the hours)."""
    if week.is_empty:
        return ""
    groups: dict[Spans, list[int]] = {}
    for day, spans in enumerate(week.days):
        if spans is not None:
            groups.setdefault(spans, []).append(day)
    # The open days first, Monday first; the closed ones after them.
    ordered = sorted(groups.items(), key=lambda group: (not group[0], group[1][0]))
    rules = [Rule(day_ranges=_ranges(days), spans=spans) for spans, days in ordered]
    if week.public_holidays_closed:
        rules.append(Rule(public_holidays=True))
    return str(OpeningHours(tuple(rules)))


def from_text(text: str) -> Week | None:
    """The week that `text` describes (later rules win, as in OSM); None when the editor cannot show it.
    Empty text: an empty week (the editor's defaults)."""
    try:
        hours = parse(text)
    except OpeningHoursError:
        return None
    if not hours.rules:
        return Week()
    schedule = hours.schedule()
    days = tuple(schedule[day] for day in range(7))
    for spans in days:
        # A time input stops at 23:59: a slot ending at midnight ("24/7" too) stays in the OSM field.
        if spans and (len(spans) > MAX_SLOTS or spans[-1][1] >= MINUTES_PER_DAY):
            return None
    return Week(days, hours.closed_on_public_holidays)


def _ranges(days: list[int]) -> tuple[tuple[int, int], ...]:
    """Consecutive days as one range: [0, 1, 2, 3, 4] → Mo-Fr; [1, 3] → Tu,Th; [0, 1, 2, 4] → Mo-We,Fr."""
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][1] == day - 1:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return tuple((first, last) for first, last in runs)
