"""An iCalendar (RFC 5545) file for one workshop session, so that a person adds it to a phone's calendar.

Written by the `icalendar` package (escaping, lines folded at 75 octets); times in UTC, which every calendar
shows in its own time zone.
"""

from datetime import UTC

import icalendar
from django.utils import timezone

PRODUCT = "-//Conum//Ateliers du numérique//FR"


def event(workshop, cancel_url: str) -> bytes:
    place = workshop.place
    where = f"{place.name}, {place.address}, {place.postal_code} {place.commune.name}" if place else "À distance"
    description = workshop.description
    if workshop.what_to_bring:
        description += f"\n\nÀ apporter : {workshop.what_to_bring}"
    description += f"\n\nPour annuler votre inscription : {cancel_url}"
    session = icalendar.Event()
    session.add("uid", f"atelier-{workshop.pk}@conum")
    session.add("dtstamp", timezone.now().astimezone(UTC))
    session.add("dtstart", workshop.starts_at.astimezone(UTC))
    session.add("dtend", workshop.ends_at.astimezone(UTC))
    session.add("summary", f"Atelier numérique : {workshop.title}")
    session.add("location", where)
    session.add("description", description)
    session.add("url", cancel_url)
    calendar = icalendar.Calendar()
    for name, value in (("prodid", PRODUCT), ("version", "2.0"), ("calscale", "GREGORIAN"), ("method", "PUBLISH")):
        calendar.add(name, value)
    calendar.add_component(session)
    return calendar.to_ical()
