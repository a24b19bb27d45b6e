"""What the recruitment app tells the structures workflow without being imported by it."""

from collections.abc import Callable

_recruited_counters: list[Callable] = []


def register_recruited_advisors(counter: Callable) -> None:
    """`counter(application)` returns the advisors recruited on the application's posts."""
    if counter not in _recruited_counters:
        _recruited_counters.append(counter)


def recruited_advisors(application) -> int:
    """Posts of the application held by recruited advisors: granted posts never go below it."""
    return sum(counter(application) for counter in _recruited_counters)
