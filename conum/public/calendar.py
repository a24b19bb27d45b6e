"""An iCalendar (RFC 5545) file for one workshop session or appointment, so that a person adds it to a phone's calendar.

Written by the `icalendar` package (escaping, lines folded at 75 octets). The session's times carry its place's
time zone (TZID, "Pacific/Noumea" for Nouméa), with the VTIMEZONE that describes it: a calendar shows the session
at the place's own time, and moves it rightly for a person who reads it from elsewhere.
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
    zone = workshop.time_zone
    session.add("dtstart", workshop.starts_at.astimezone(zone))
    session.add("dtend", workshop.ends_at.astimezone(zone))
    session.add("summary", f"Atelier numérique : {workshop.title}")
    session.add("location", where)
    session.add("description", description)
    session.add("url", cancel_url)
    return _calendar(session)


def appointment_event(appointment, page_url: str) -> bytes:
    """An individual appointment (public/appointment_views.py): where, when, the page to cancel it."""
    place = appointment.place
    meeting = icalendar.Event()
    meeting.add("uid", f"rendez-vous-{appointment.pk}@conum")
    meeting.add("dtstamp", timezone.now().astimezone(UTC))
    meeting.add("dtstart", appointment.starts_at.astimezone(UTC))
    meeting.add("dtend", appointment.ends_at.astimezone(UTC))
    meeting.add("summary", "Rendez-vous avec un conseiller numérique")
    meeting.add("location", f"{place.name}, {place.address}, {place.postal_code} {place.commune.name}")
    meeting.add("description", f"Rendez-vous gratuit.\n\nPour l'annuler : {page_url}")
    meeting.add("url", page_url)
    return _calendar(meeting)


def _calendar(component) -> bytes:
    calendar = icalendar.Calendar()
    for name, value in (("prodid", PRODUCT), ("version", "2.0"), ("calscale", "GREGORIAN"), ("method", "PUBLISH")):
        calendar.add(name, value)
    calendar.add_component(component)
    calendar.add_missing_timezones()  # the VTIMEZONE of each TZID used (none for UTC times)
    return calendar.to_ical()
