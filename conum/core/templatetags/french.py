"""Template filters for French text: `{% load french %}`.

Place names with their article ({{ commune|de }} "du Dorat", {{ departement|le }} "la Haute-Vienne", {{ commune|a }}
"au Dorat"), figures ({{ count|thousands }} "10 305", {{ amount|thousands:2 }} "1 950,00"), times ({{ starts_at|clock }}
"14 h 30"), months and days ({{ month|short_month }} "sept. 2025", {{ day|short_date }} "mer. 3 sept. 2025")
and phones ({{ phone|phone }} "06 23 45 67 89").
"""

from decimal import Decimal

from django import template

from conum.core import formatting, french, phones

register = template.Library()


def _or_blank(function):
    """The filter of `function`: "" for an empty value, never a 500 for a missing one."""

    def apply(value):
        return "" if value is None or value == "" else function(value)

    apply.__doc__ = function.__doc__
    return apply


register.filter("de", _or_blank(french.de))
register.filter("a", _or_blank(french.a))
register.filter("le", _or_blank(french.le))


@register.filter
def thousands(value, decimals=None):
    """A number grouped by thousands, "10 305"; `thousands:2` fixes its decimals, "1 950,00" (in place of
    `intcomma` and `floatformat:"2g"`, whose separator is not the French one). Any other value (a text already
    formatted, "—") as it is."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return formatting.thousands(value, None if decimals in (None, "") else int(decimals))
    return "" if value is None else value


register.filter("clock", _or_blank(formatting.clock))
register.filter("short_month", _or_blank(formatting.short_month))
register.filter("short_date", _or_blank(formatting.short_date))


@register.filter
def phone(value):
    """A stored phone as people write it ("06 23 45 67 89"); anything else as it is."""
    return "" if value is None or value == "" else phones.readable_phone(str(value))
