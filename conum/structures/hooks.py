"""What the recruitment app and the structures workflow tell each other without an upward import."""

from collections.abc import Callable
from functools import partial

from django.db import transaction

_recruited_counters: list[Callable] = []


def register_recruited_advisors(counter: Callable) -> None:
    """`counter(application)` returns the advisors recruited on the application's posts."""
    if counter not in _recruited_counters:
        _recruited_counters.append(counter)


def recruited_advisors(application) -> int:
    """Posts of the application held by recruited advisors: granted posts never go below it."""
    return sum(counter(application) for counter in _recruited_counters)


_posts_changed_listeners: list[Callable] = []


def register_posts_changed(listener: Callable) -> None:
    """`listener(application_id)` runs after commit whenever an application's granted posts change."""
    if listener not in _posts_changed_listeners:
        _posts_changed_listeners.append(listener)


def posts_changed(application) -> None:
    for listener in _posts_changed_listeners:
        transaction.on_commit(partial(listener, application.pk))
