"""Calendar arithmetic shared by the apps."""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (31 January + 1 → 28 or 29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_start(day: date, months: int = 0) -> date:
    """The first day of the month `months` away from `day`'s month."""
    return add_months(day.replace(day=1), months)


def months_between(start: date, end: date) -> list[date]:
    """The first days of the months from `start`'s to `end`'s, both included."""
    months, month = [], month_start(start)
    while month <= end:
        months.append(month)
        month = month_start(month, 1)
    return months
