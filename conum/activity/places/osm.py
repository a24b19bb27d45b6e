"""The whole OpenStreetMap `opening_hours` grammar, read and evaluated by opening-hours-py, with each
territory's public holidays.

`opening_hours` (our parser) reads the subset places mostly use and says in French where a text goes wrong;
the national schema allows the whole grammar (PH with hours, SH, months, dates, week numbers, comments, the
"||" fallback), which opening-hours-py reads. It also tells whether a place is open at a moment.

opening-hours-py knows one holiday calendar per country, mainland France's only; the holidays of Alsace-Moselle
and of the overseas territories come from the `holidays` package by subdivision (territories.time_zones). So a
day is evaluated with "PH" read as "every day" when it is a holiday there, and without any holiday calendar
(PH never holds) otherwise. An overnight span ("Fr 22:00-02:00") takes the holiday status of the day it is
evaluated on. Pure Python (no Django).
"""

import datetime
import functools
import re
from zoneinfo import ZoneInfo

import holidays as holiday_calendars
import opening_hours as ohpy

MINUTES_PER_DAY = 24 * 60
# "PH" outside the quoted comments (a comment is kept as it is).
_PH_OR_COMMENT = re.compile(r'"[^"]*"|\bPH\b', re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def is_valid(text: str) -> bool:
    """Whether opening-hours-py reads `text` (the full grammar)."""
    return ohpy.validate(text)


@functools.lru_cache(maxsize=64)
def _calendar(subdivision: str | None, year: int):
    return holiday_calendars.France(subdiv=subdivision, years=year)


def is_public_holiday(day: datetime.date, subdivision: str | None = None) -> bool:
    """A public holiday of mainland France, or of the `holidays` subdivision ("57", "6AE", "974", "NC"…)."""
    return day in _calendar(subdivision, day.year)


def _every_day_for_ph(text: str) -> str:
    return _PH_OR_COMMENT.sub(lambda found: found[0] if found[0].startswith('"') else "Mo-Su", text)


@functools.lru_cache(maxsize=4096)
def _expression(text: str, zone: ZoneInfo, holiday: bool) -> ohpy.OpeningHours:
    options = {"timezone": zone, "auto_country": False, "auto_timezone": False}
    if holiday:
        try:
            return ohpy.OpeningHours(_every_day_for_ph(text), **options)
        except ohpy.ParserError:  # "PH" where a weekday cannot stand ("PH +1 day"): mainland holidays then
            return ohpy.OpeningHours(text, country="FR", **options)
    return ohpy.OpeningHours(text, **options)


def _local(when: datetime.datetime, zone: ZoneInfo) -> datetime.datetime:
    """`when` in `zone` (a naive datetime is already the place's local time)."""
    return when.replace(tzinfo=zone) if when.tzinfo is None else when.astimezone(zone)


def is_open(text: str, when: datetime.datetime, zone: ZoneInfo, subdivision: str | None = None) -> bool:
    """Whether `text` says open at `when` (read in `zone`; a naive datetime is the place's local time).
    ParserError when opening-hours-py cannot read `text`."""
    local = _local(when, zone)
    minute = local.hour * 60 + local.minute
    return any(start <= minute < end for start, end in day_hours(text, local.date(), zone, subdivision)[0])


def day_hours(
    text: str, day: datetime.date, zone: ZoneInfo, subdivision: str | None = None
) -> tuple[tuple[tuple[int, int], ...], str]:
    """The spans open on `day` in minutes since local midnight (24 × 60: the day's end), in order, and a comment
    that stands for the whole day. opening-hours-py reads a fallback comment ('|| "sur rendez-vous"') as open all
    day: such a day is not counted as open, its comment is what it says."""
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    expression = _expression(text, zone, is_public_holiday(day, subdivision))
    spans, note = [], ""
    for first, last, state, comment in expression.intervals(start, end):
        if state != ohpy.State.OPEN:
            continue
        first, last = _local(first, zone), _local(last, zone)
        begin = 0 if first.date() < day else first.hour * 60 + first.minute
        finish = MINUTES_PER_DAY if last.date() > day else last.hour * 60 + last.minute
        if comment and (begin, finish) == (0, MINUTES_PER_DAY):
            note = comment
        elif finish > begin:
            spans.append((begin, finish))
    return tuple(spans), note


def mentions_public_holidays(text: str) -> bool:
    return any(not found[0].startswith('"') for found in _PH_OR_COMMENT.finditer(text))
