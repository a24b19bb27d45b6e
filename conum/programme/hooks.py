"""What higher layers tell the programme, without the programme importing them.

The structures app registers how many posts are already granted in a département, so
that a quota is never lowered below them.
"""

from collections.abc import Callable

_granted_posts_counters: list[Callable] = []


def register_granted_posts(counter: Callable) -> None:
    """`counter(departement)` returns the posts already granted in that département."""
    if counter not in _granted_posts_counters:
        _granted_posts_counters.append(counter)


def granted_posts(departement) -> int:
    return sum(counter(departement) for counter in _granted_posts_counters)
