"""The Jinja2 environment of the repeated fragments of the busiest pages (a search's result cards, a structure's
candidate rows), included from Django templates by `{% fragment %}` (core/templatetags/fragments.py).

Django's engine walks a node tree for every card and every filter: on a results page, 20 cards cost more than
the search itself. Jinja2 compiles each template to Python once. The fragments use the same French formatting
as the rest of the site (core/formatting.py), through the filters below.
"""

import functools
import re

from django.templatetags.static import static
from django.urls import reverse
from jinja2 import Environment, StrictUndefined

from conum.core import formatting, phones

# Digits pass Django's int, slug and str converters alike; long enough never to occur in a route's fixed text.
SENTINELS = ("9081726354", "8172635409", "7263540918")
SIMPLE_ARGUMENT = re.compile(r"^[A-Za-z0-9_-]+$")


@functools.lru_cache(maxsize=1024)
def _shape(name: str, arity: int) -> tuple[str, ...] | None:
    """The route `name` reversed once with sentinel arguments, cut around them ("/m/", "/t/", "/"), or None when a
    sentinel does not come back exactly once. A list of 20 rows reverses 150 links (5 ms): this does it once."""
    if arity > len(SENTINELS):
        return None
    text = reverse(name, args=SENTINELS[:arity])
    pieces = []
    for sentinel in SENTINELS[:arity]:
        before, found, text = text.partition(sentinel)
        if not found or sentinel in text:
            return None
        pieces.append(before)
    return (*pieces, text)


def url(name: str, *args) -> str:
    """`reverse(name, args=args)`; for pks and plain names (nothing to quote), from the route's shape."""
    shape = _shape(name, len(args))
    if shape is None or not all(SIMPLE_ARGUMENT.match(str(argument)) for argument in args):
        return reverse(name, args=args)
    return "".join(piece + str(argument) for piece, argument in zip(shape, args, strict=False)) + shape[-1]


def one_decimal(value) -> str:
    """2.25 -> "2,3": what Django's `floatformat:1` writes (read from the number's text, rounded half up)."""
    return "" if value is None else formatting.one_decimal(str(value))


def phone(value) -> str:
    """A stored phone as people write it ("06 23 45 67 89"): the `phone` filter of the Django templates."""
    return "" if value is None or value == "" else phones.readable_phone(str(value))


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """The word agreed with `count`, without the count: `{{ n }} atelier{{ n|plural("", "s") }}` reads poorly."""
    return formatting.plural_word(count, singular, plural_form)


def capitalize_first(text) -> str:
    """Django's `capfirst`: the first letter upper-cased, the rest as it is (Jinja2's `capitalize` lowers it)."""
    text = str(text)
    return text[:1].upper() + text[1:]


def environment(**options) -> Environment:
    # A name missing from the context fails loudly (tests catch it) instead of rendering as blank.
    env = Environment(**(options | {"undefined": StrictUndefined}))
    env.globals.update(url=url, static=static)
    env.filters.update(
        one_decimal=one_decimal,
        thousands=formatting.thousands,
        clock=formatting.clock,
        phone=phone,
        word=plural,
        capitalize_first=capitalize_first,
    )
    return env
