"""Demo beneficiary files (called by conum/activity/demo.py, after the appointments): a dozen people followed by the
demo advisor's structure, each file linked to one to four of the structure's one-person reports of the last ten
months (a report whose age band and themes fit the person; a new report when none is left).

The files are trusted rows, written directly (no journal entry, as the rest of the demo); the links keep the
services' rules (beneficiaries/services.py): a file's reports are its structure's, and `renumber` gives them their
"returning" answers from the history (the rollups follow, `conum rebuild_rollups` finds no difference), so the
statistics count each person once. A colleague of the demo advisor, when the structure has one, follows two people
too (the file's history shows the team's visits).

Martine's story (the appointment page): an earlier visit, then the appointment she came to 9 days ago and its
report, both linked to her file; her next appointment, booked with the same e-mail, is on no file (the agenda
suggests hers from the earlier appointment's contact, not from the file, which keeps no contact)."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from conum.activity.appointments import demo as appointments_demo
from conum.activity.beneficiaries import services
from conum.activity.enums import (
    AdministrativeTheme,
    AgeBand,
    AppointmentStatus,
    Autonomy,
    Equipment,
    Location,
    ReportKind,
    SocialStatus,
    Theme,
)
from conum.activity.models import ActivityReport, Appointment, Beneficiary
from conum.activity.reports import rollups
from conum.activity.reports.inputs import ReportInput
from conum.territories.models import Commune

HISTORY_DAYS = 300  # the reports a file takes: from the last ten months
MARTINE = "Martine"


@dataclass(frozen=True)
class Person:
    name: str
    visits: int  # reports linked to the file (Martine: her earlier visits, her appointment's report comes on top)
    age_band: str = ""
    themes: list[str] = field(default_factory=list)
    email: str = ""
    phone: str = ""
    nearby: int | None = None  # lives in the structure's commune (0) or a neighbouring one (1, 2…); None: not said
    colleague: bool = False  # first seen by a colleague of the demo advisor (when the structure has one)


PEOPLE = [
    Person(MARTINE, 1, AgeBand.FROM_60_TO_69, [Theme.ADMINISTRATIVE], nearby=0),
    Person("Josiane", 4, AgeBand.OVER_70, [Theme.EQUIPMENT, Theme.CONTENTS], phone="+33555123456", nearby=1,
           colleague=True),
    Person("Ahmed", 3, AgeBand.FROM_40_TO_59, [Theme.ADMINISTRATIVE, Theme.EMAIL], email="ahmed.b@exemple.fr"),
    Person("Colette", 2, AgeBand.OVER_70, [Theme.EQUIPMENT], nearby=0),
    Person("Lucas", 1, AgeBand.FROM_18_TO_24, [Theme.ADMINISTRATIVE, Theme.BROWSING], email="lucas.r@exemple.fr"),
    Person("Fatou", 2, AgeBand.FROM_25_TO_39, [Theme.EMAIL, Theme.ADMINISTRATIVE], phone="+33612457890", nearby=2),
    Person("René", 3, AgeBand.OVER_70, [Theme.SECURITY, Theme.BANKING], colleague=True),
    Person("Sylvie", 1, AgeBand.FROM_60_TO_69, [Theme.HEALTH], nearby=0),
    Person("Mamie Jo", 2, themes=[Theme.CONTENTS]),  # a pseudonym, age not said
    Person("Karine", 1, AgeBand.FROM_40_TO_59),  # came without saying what for
    Person("Papi Marcel", 2, AgeBand.OVER_70, [Theme.BROWSING, Theme.EMAIL], nearby=1),
    Person("Inès", 1, AgeBand.FROM_25_TO_39, [Theme.EMAIL]),
]  # fmt: skip


def populate(advisors, places) -> int:
    """The demo advisor's structure's files, linked to reports (and Martine's appointment); the number of files."""
    advisor = next((a for a in advisors if a.user and a.user.email == appointments_demo.DEMO_ADVISOR_EMAIL), None)
    if advisor is None or not places.get(advisor.pk):
        return 0
    rng = random.Random(19)
    today = timezone.localdate()
    colleague = next((a for a in advisors if a.structure_id == advisor.structure_id and a.pk != advisor.pk), None)
    pools = {a.pk: _pool(a, today) for a in (advisor, colleague) if a is not None}
    communes = _communes(advisor.structure.commune)
    attended = (
        Appointment.objects.filter(
            advisor=advisor, email=appointments_demo.email_of(MARTINE), status=AppointmentStatus.ATTENDED
        )
        .select_related("place__commune")
        .first()
    )
    linked: dict[int, list[ActivityReport]] = {}
    for person in PEOPLE:
        story = attended if person.name == MARTINE else None  # her appointment, its report made below
        before = timezone.localdate(story.starts_at) - timedelta(days=14) if story else today
        team = [colleague] * (person.visits - 1) + [advisor] if person.colleague and colleague else None
        authors = team or [advisor] * person.visits
        reports = [_report_for(rng, person, a, pools[a.pk], places[a.pk][0], before) for a in authors]
        if story:
            reports.append(_appointment_report(story, person))
        reports.sort(key=lambda report: (report.date, report.pk))
        commune = communes[min(person.nearby, len(communes) - 1)] if person.nearby is not None else None
        beneficiary = _file(person, reports, commune, story)
        ActivityReport.objects.filter(pk__in=[report.pk for report in reports]).update(beneficiary=beneficiary)
        linked[beneficiary.pk] = reports
        if story:
            Appointment.objects.filter(pk=story.pk).update(report=reports[-1], beneficiary=beneficiary)
    # The files' "returning" answers from their history, the rollups with them (the services' rule).
    services.renumber(services.lock(linked))
    return len(linked)


def _pool(advisor, today: date) -> list[ActivityReport]:
    """The advisor's one-person individual reports of the last months, on no file yet, oldest first."""
    return list(
        ActivityReport.objects.live()
        .filter(
            advisor=advisor,
            structure_id=advisor.structure_id,
            kind=ReportKind.INDIVIDUAL,
            participants=1,
            beneficiary__isnull=True,
            workshop__isnull=True,
            date__gte=today - timedelta(days=HISTORY_DAYS),
            date__lt=today,
        )
        .order_by("date", "pk")
    )


def _fits(report: ActivityReport, person: Person, before: date) -> bool:
    if report.date >= before:
        return False
    if person.age_band and getattr(report, f"age_{person.age_band}") != 1:
        return False
    return not person.themes or bool(set(report.themes) & set(person.themes))


def _report_for(rng, person: Person, author, pool: list[ActivityReport], place, before: date) -> ActivityReport:
    """One of the author's reports that fits the person (taken out of the pool), else a new one."""
    fitting = [report for report in pool if _fits(report, person, before)]
    if fitting:
        report = rng.choice(fitting)
        pool.remove(report)
        return report
    day = before - timedelta(days=rng.randint(7, 90))
    while day.weekday() == 6:  # no report on a Sunday, as the demo's
        day -= timedelta(days=1)
    return _new_report(author, place, day, person, 45)


def _appointment_report(appointment: Appointment, person: Person) -> ActivityReport:
    """The report of the appointment she came to: its day, place, duration and themes."""
    minutes = int((appointment.ends_at - appointment.starts_at).total_seconds() // 60)
    return _new_report(
        appointment.advisor, appointment.place, timezone.localdate(appointment.starts_at), person, minutes,
        themes=appointment.themes, notes="Déclaration commencée ensemble ; un justificatif manquait.",
    )  # fmt: skip


def _new_report(author, place, day: date, person: Person, minutes: int, themes=None, notes="") -> ActivityReport:
    """A one-person report at the author's place, counted in the rollups as a live report is (rollups.add)."""
    themes = list(themes or person.themes or [Theme.EQUIPMENT])
    band = person.age_band or AgeBand.UNKNOWN
    status = {
        AgeBand.FROM_60_TO_69: SocialStatus.RETIRED, AgeBand.OVER_70: SocialStatus.RETIRED,
        AgeBand.UNDER_12: SocialStatus.PUPIL, AgeBand.FROM_12_TO_17: SocialStatus.PUPIL,
    }.get(band, SocialStatus.UNKNOWN)  # fmt: skip
    # Trusted values (a past date the parser takes too): the typed input directly.
    values = ReportInput(
        date=day, kind=ReportKind.INDIVIDUAL, location=Location.PLACE, place=place, commune=place.commune,
        duration_minutes=minutes, participants=1, returning_participants=0, ages={f"age_{band}": 1},
        statuses={f"status_{status}": 1}, themes=themes,
        administrative_themes=[AdministrativeTheme.MONEY] if Theme.ADMINISTRATIVE in themes else [],
        equipment=[Equipment.COMPUTER], autonomy=Autonomy.PARTLY, followup_individual=1, notes=notes,
    )  # fmt: skip
    report = ActivityReport.objects.create(advisor=author, structure_id=author.structure_id, **values.columns())
    rollups.add(report)
    return report


def _at(day: date, hour: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, hour))


def _file(person: Person, reports: list[ActivityReport], commune, appointment) -> Beneficiary:
    """The file, created at the first visit (the person agreed then, to the advisor who saw them), active at the
    last one (the end of its day: when the report was written)."""
    first, last = reports[0], reports[-1]
    consent_at = _at(first.date, time(10))
    last_activity_at = min(timezone.now(), max(_at(last.date, time(17, 30)), consent_at))
    if appointment is not None:
        last_activity_at = max(last_activity_at, appointment.ends_at)
    beneficiary = Beneficiary.objects.create(
        structure_id=first.structure_id, created_by_id=first.advisor_id, consent_at=consent_at,
        consent_by_id=first.advisor_id, last_activity_at=last_activity_at, name=person.name, email=person.email,
        phone=person.phone, commune=commune, age_band=person.age_band, themes=list(person.themes),
    )  # fmt: skip
    Beneficiary.objects.filter(pk=beneficiary.pk).update(created_at=consent_at, updated_at=last_activity_at)
    return beneficiary


def _communes(home: Commune) -> list[Commune]:
    """Where the people live: the structure's commune, then the nearest communes of its département."""
    if home.latitude is None or home.longitude is None:
        return [home]
    box = 0.15  # degrees: about 15 km around
    nearby = Commune.objects.filter(
        departement_id=home.departement_id,
        latitude__range=(home.latitude - box, home.latitude + box),
        longitude__range=(home.longitude - box, home.longitude + box),
    ).exclude(pk=home.pk)
    ordered = sorted(nearby, key=lambda c: (c.latitude - home.latitude) ** 2 + (c.longitude - home.longitude) ** 2)
    return [home, *ordered[:2]]
