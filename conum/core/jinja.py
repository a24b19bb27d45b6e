"""The Jinja2 environment of the repeated fragments of the busiest pages (a search's result cards, a structure's
candidate rows), included from Django templates by `{% fragment %}` (core/templatetags/fragments.py).

Django's engine walks a node tree for every card and every filter: on a results page, 20 cards cost more than
the search itself. Jinja2 compiles each template to Python once. The fragments use the same French formatting
as the rest of the site (core/formatting.py), through the filters below.
"""

from django.templatetags.static import static
from django.urls import reverse
from jinja2 import Environment, StrictUndefined

from conum.core import formatting, phones


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def one_decimal(value) -> str:
    """2.25 -> "2,3": what Django's `floatformat:1` writes (read from the number's text, rounded half up)."""
    return "" if value is None else formatting.one_decimal(str(value))


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """The word agreed with `count`, without the count: `{{ n }} atelier{{ n|plural("", "s") }}` reads poorly."""
    return formatting.plural_word(count, singular, plural_form)


def environment(**options) -> Environment:
    # A name missing from the context fails loudly (tests catch it) instead of rendering as blank.
    env = Environment(**(options | {"undefined": StrictUndefined}))
    env.globals.update(url=url, static=static)
    env.filters.update(
        one_decimal=one_decimal,
        thousands=formatting.thousands,
        clock=formatting.clock,
        phone=phones.readable_phone,
        word=plural,
    )
    return env
