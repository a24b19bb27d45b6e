"""An iCalendar (RFC 5545) file for one workshop session, so that a person adds it to a phone's calendar."""

from datetime import UTC

from django.utils import timezone

PRODUCT = "-//Conum//Ateliers du numérique//FR"
LINE_OCTETS = 75


def _escape(text: str) -> str:
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF and a space; never inside a UTF-8 character."""
    parts, current = [], ""
    for character in line:
        limit = LINE_OCTETS if not parts else LINE_OCTETS - 1
        if len((current + character).encode()) > limit:
            parts.append(current)
            current = ""
        current += character
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event(workshop, cancel_url: str) -> str:
    place = workshop.place
    where = f"{place.name}, {place.address}, {place.postal_code} {place.commune.name}" if place else "À distance"
    description = workshop.description
    if workshop.what_to_bring:
        description += f"\n\nÀ apporter : {workshop.what_to_bring}"
    description += f"\n\nPour annuler votre inscription : {cancel_url}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:atelier-{workshop.pk}@conum",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(workshop.starts_at)}",
        f"DTEND:{_utc(workshop.ends_at)}",
        f"SUMMARY:{_escape('Atelier numérique : ' + workshop.title)}",
        f"LOCATION:{_escape(where)}",
        f"DESCRIPTION:{_escape(description)}",
        f"URL:{_escape(cancel_url)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(_fold(line) + "\r\n" for line in lines)
