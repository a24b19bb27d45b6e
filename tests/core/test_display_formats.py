"""Figures, times, months and phones as pages show them: one helper each, French typography, never wrapping."""

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
from django.template import Context, Template

from conum.core import formatting
from conum.core.phones import readable_phone


def test_thousands_of_any_number():
    assert formatting.thousands(10305) == "10\u202f305"
    assert formatting.thousands(Decimal("10817.5")) == "10\u202f817,5"
    assert formatting.thousands(Decimal("20.0")) == "20"
    assert formatting.thousands(-1200) == "-1\u202f200"
    assert formatting.thousands(Decimal("1950"), 2) == "1\u202f950,00"
    assert formatting.euros(Decimal("1950")) == "1\u202f950\xa0€"


@pytest.mark.parametrize(
    "moment, expected",
    [
        (time(14, 0), "14\xa0h"),
        (time(9, 5), "9\xa0h\xa005"),
        (datetime(2026, 3, 2, 13, 30, tzinfo=UTC), "14\xa0h\xa030"),  # shown in Paris time
        (datetime(2026, 7, 2, 8, 0), "8\xa0h"),
    ],
)
def test_clock_is_typographic_and_never_wraps(moment, expected):
    assert formatting.clock(moment) == expected


def test_day_at():
    assert formatting.day_at(datetime(2026, 12, 3, 13, 30, tzinfo=UTC)) == "03/12/2026 à 14\xa0h\xa030"


def test_months_in_french_abbreviations():
    assert [formatting.month_abbreviation(date(2025, m, 1)) for m in (1, 2, 6, 7, 9, 12)] == [
        "janv.", "févr.", "juin", "juil.", "sept.", "déc.",
    ]  # fmt: skip
    assert formatting.short_month(date(2025, 9, 1)) == "sept.\xa02025"
    assert formatting.short_date(date(2025, 9, 3)) == "mer.\xa03\xa0sept.\xa02025"


@pytest.mark.parametrize(
    "stored, shown",
    [
        ("+33623456789", "06 23 45 67 89"),
        ("+33555123456", "05 55 12 34 56"),
        ("+262692123456", "0692 12 34 56"),  # La Réunion: dialled from France with a 0
        ("+590590123456", "0590 12 34 56"),  # Guadeloupe
        ("+687241234", "+687 24 12 34"),  # Nouvelle-Calédonie: its own numbering plan
        ("+68940123456", "+689 40 12 34 56"),  # Polynésie française
        ("+442079460958", "+44 20 7946 0958"),
        ("pas un numéro", "pas un numéro"),
    ],
)
def test_readable_phone(stored, shown):
    assert readable_phone(stored) == shown


def test_template_filters():
    template = Template(
        "{% load french %}{{ count|thousands }} | {{ text|thousands }} | {{ starts|clock }} | {{ month|short_month }}"
        " | {{ day|short_date }} | {{ phone|phone }} | [{{ none|clock }}{{ empty|phone }}]"
    )
    context = {
        "count": 10305, "text": "—", "starts": time(14, 0), "month": date(2025, 12, 1), "day": date(2025, 9, 3),
        "phone": "+33623456789", "none": None, "empty": "",
    }  # fmt: skip
    assert template.render(Context(context)) == (
        "10\u202f305 | — | 14\xa0h | déc.\xa02025 | mer.\xa03\xa0sept.\xa02025 | 06 23 45 67 89 | []"
    )
