def thousands(number) -> str:
    """4000 -> "4 000" (French thousands separator, a narrow no-break space)."""
    return f"{number:,}".replace(",", "\xa0")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{thousands(count)} {singular if abs(count) < 2 else (plural_form or singular + 's')}"


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
