"""French formatting of numbers, amounts and counted words in messages and pages."""

from decimal import ROUND_HALF_UP, Decimal


def thousands(number) -> str:
    """4000 -> "4 000" (French thousands separator, a narrow no-break space)."""
    return f"{number:,}".replace(",", "\xa0")


def plural_word(count: int, singular: str, plural_form: str | None = None) -> str:
    """The word agreed with `count`: 0 and 1 take the singular in French ("1 champ", "2 champs")."""
    return singular if abs(count) < 2 else (plural_form or singular + "s")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """3 -> "3 postes", 1000 -> "1 000 postes"."""
    return f"{thousands(count)} {plural_word(count, singular, plural_form)}"


def euros(amount) -> str:
    """Decimal("100000") -> "100 000 €", Decimal("0.01") -> "0,01 €" (French separators)."""
    if amount == int(amount):
        return f"{thousands(int(amount))} €"
    return f"{amount:,.2f}".replace(",", "\xa0").replace(".", ",") + " €"


def number(value) -> str:
    """Decimal("20.0") -> "20", Decimal("24.5") -> "24,5" (French decimal comma, no trailing zeros)."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def one_decimal(value) -> str:
    """Decimal("1234.56") -> "1 234,6": one decimal rounded half up, French separators."""
    value = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value:,.1f}".replace(",", "\xa0").replace(".", ",")


def percent(value) -> str:
    """Decimal("13.90") -> "13,9 %" (no-break space before the sign)."""
    return f"{number(value)}\xa0%"


def decimal_comma(value) -> str:
    """Decimal("13.94") -> "13,9": one decimal, no grouping (a CSV cell that Excel in French reads as a number)."""
    return f"{value:.1f}".replace(".", ",")
