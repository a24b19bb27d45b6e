from datetime import date
from decimal import Decimal

from conum.core import dates, formatting


def test_months_are_calendar_months():
    assert dates.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert dates.add_months(date(2025, 12, 15), -12) == date(2024, 12, 15)
    assert dates.month_start(date(2025, 3, 15)) == date(2025, 3, 1)
    assert dates.month_start(date(2025, 1, 31), -1) == date(2024, 12, 1)
    assert dates.month_start(date(2024, 11, 30), 14) == date(2026, 1, 1)
    assert dates.months_between(date(2024, 11, 20), date(2025, 2, 1)) == [
        date(2024, 11, 1), date(2024, 12, 1), date(2025, 1, 1), date(2025, 2, 1)
    ]  # fmt: skip
    assert dates.months_between(date(2025, 2, 2), date(2025, 1, 31)) == []


def test_french_formatting():
    assert formatting.thousands(1234567) == "1\u202f234\u202f567"
    assert formatting.plural(1, "poste") == "1 poste"
    assert formatting.plural(0, "poste") == "0 poste"
    assert formatting.plural(2000, "cheval", "chevaux") == "2\u202f000 chevaux"
    assert formatting.plural_word(2, "Champ") == "Champs"
    assert formatting.euros(Decimal("100000")) == "100\u202f000\xa0€"
    assert formatting.euros(Decimal("1234.5")) == "1\u202f234,50\xa0€"
    assert formatting.number(Decimal("24.50")) == "24,5"
    assert formatting.percent(Decimal("13.90")) == "13,9\xa0%"
    assert formatting.decimal_comma(Decimal("1234.56")) == "1234,6"
