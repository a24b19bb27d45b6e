"""French formatting of numbers, amounts, counted words, months and times of day in messages and pages.

Thousands are grouped by a narrow no-break space (U+202F, "10 305"), the French typographic separator; the other
spaces inside a figure ("14 h 30", "13,9 %") are no-break spaces (U+00A0): a figure never wraps across two lines.
Pages use these through the `french` template filters (`thousands`, `clock`…), never Django's `intcomma`.
"""

from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

# The abbreviations of the Imprimerie nationale: "sept." and "déc.", never "Sep" or "Déc".
MONTH_ABBREVIATIONS = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
)  # fmt: skip
DAY_ABBREVIATIONS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
GROUP = "\u202f"  # narrow no-break space


def _grouped(text: str) -> str:
    """Python's "1,234.5" written the French way: "1 234,5"."""
    return text.replace(",", GROUP).replace(".", ",")


def thousands(number, decimals: int | None = None) -> str:
    """4000 -> "4 000"; a Decimal keeps its decimals ("1 234,5") unless `decimals` fixes them ("1 234,50")."""
    if decimals is not None:
        return _grouped(f"{Decimal(number):,.{decimals}f}")
    if isinstance(number, Decimal | float) and number != int(number):
        return _grouped(f"{number:,}")
    return _grouped(f"{int(number):,}")


def plural_word(count: int, singular: str, plural_form: str | None = None) -> str:
    """The word agreed with `count`: 0 and 1 take the singular in French ("1 champ", "2 champs")."""
    return singular if abs(count) < 2 else (plural_form or singular + "s")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """3 -> "3 postes", 1000 -> "1 000 postes"."""
    return f"{thousands(count)} {plural_word(count, singular, plural_form)}"


def euros(amount) -> str:
    """Decimal("100000") -> "100 000 €", Decimal("0.01") -> "0,01 €" (French separators)."""
    if amount == int(amount):
        return f"{thousands(int(amount))}\xa0€"
    return f"{thousands(amount, 2)}\xa0€"


def number(value) -> str:
    """Decimal("20.0") -> "20", Decimal("24.5") -> "24,5" (French decimal comma, no trailing zeros)."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def one_decimal(value) -> str:
    """Decimal("1234.56") -> "1 234,6": one decimal rounded half up, French separators."""
    value = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return thousands(value, 1)


def percent(value) -> str:
    """Decimal("13.90") -> "13,9 %" (no-break space before the sign)."""
    return f"{number(value)}\xa0%"


def decimal_comma(value) -> str:
    """Decimal("13.94") -> "13,9": one decimal, no grouping (a CSV cell that Excel in French reads as a number)."""
    return f"{value:.1f}".replace(".", ",")


def _local(moment):
    """A datetime in the local time zone (an aware one converted), a time or a date as it is."""
    if isinstance(moment, datetime) and timezone.is_aware(moment):
        return timezone.localtime(moment)
    return moment


def clock(moment: datetime | time) -> str:
    """A time of day the French typographic way: "14 h", "9 h 05" (no-break spaces: never "14\nh 05")."""
    moment = _local(moment)
    return f"{moment.hour}\xa0h\xa0{moment.minute:02d}" if moment.minute else f"{moment.hour}\xa0h"


def month_abbreviation(day: date) -> str:
    """date(2025, 9, 1) -> "sept."."""
    return MONTH_ABBREVIATIONS[day.month - 1]


def short_month(day: date) -> str:
    """date(2025, 9, 1) -> "sept. 2025" (a table's or chart's month; no-break space)."""
    return f"{month_abbreviation(day)}\xa0{day.year}"


def short_date(day: date | datetime) -> str:
    """A day in a narrow column: "mer. 3 sept. 2025" (no-break spaces)."""
    day = _local(day)
    return f"{DAY_ABBREVIATIONS[day.weekday()]}\xa0{day.day}\xa0{month_abbreviation(day)}\xa0{day.year}"


def day_at(moment: datetime) -> str:
    """ "03/12/2026 à 14 h 30" (local time), for messages and lists."""
    return f"{_local(moment):%d/%m/%Y} à {clock(moment)}"
