"""Workshop sessions and series: the rules of workshops.py, called directly (the pages are in test_workshops_views)."""

import datetime
import uuid

import pytest
from django.core import mail
from django.utils import timezone

from conum.activity.enums import RegistrationStatus
from conum.activity.models import Registration, Workshop
from conum.activity.workshops import registrations
from conum.activity.workshops import services as workshops
from conum.activity.workshops.inputs import Repeat, parse_session
from conum.core.errors import RuleViolation
from conum.core.models import Journal
from conum.recruitment.models import Advisor
from tests.activity.builders import in_days, local
from tests.activity.factories import PlaceFactory, WorkshopFactory


def session_details(place, day=None, **overrides) -> dict:
    """A valid session in three days (or on `day`), 14:00–16:00 at `place`."""
    day = day or in_days(3)
    details = {
        "title": "Bien utiliser son smartphone",
        "description": "Installer une application, régler son téléphone, envoyer une photo.",
        "themes": ["prendre_en_main_du_materiel"],
        "level": "debutant",
        "place": place,
        "remote_link": "",
        "starts_at": local(day, 14),
        "ends_at": local(day, 16),
        "capacity": 8,
        "registration_opens_at": None,
        "registration_closes_at": None,
        "public": True,
        "what_to_bring": "Votre smartphone chargé",
    }
    return details | overrides


def create(user, details, repeat=Repeat.NONE, count=1, advisor=None):
    """Sessions scheduled as the pages do: the details parsed for the account's advisor, then the service."""
    advisor = advisor or Advisor.objects.get(user=user)
    session = parse_session(details | {"repeat": repeat, "occurrences": count}, advisor=advisor)
    return workshops.create_sessions(user, session)


def update(workshop, user, details, following=False):
    """A session (and, `following`, the later ones of its series) changed as the edit page does."""
    session = parse_session(details | {"following": following}, advisor=workshop.advisor, workshop=workshop)
    return workshops.update_sessions(workshop, user, session)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): …` runs what the block queued for the commit (e-mails), as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def register(workshop, n, **kwargs):
    return registrations.register(workshop, f"Prénom{n}", f"N{n}", email=f"personne{n}@exemple.fr", **kwargs)


# ---- creating -------------------------------------------------------------------------------------


def test_one_session_opens_registrations_now_until_its_start_and_is_journaled(advisor, hired_advisor, place):
    before = timezone.now()
    [session] = create(advisor, session_details(place))
    session.refresh_from_db()
    assert (session.advisor, session.structure, session.place) == (hired_advisor, hired_advisor.structure, place)
    assert session.series is None and session.cancelled_at is None
    assert before <= session.registration_opens_at <= timezone.now()
    assert session.registration_closes_at == session.starts_at == local(in_days(3), 14)
    assert session.themes == ["prendre_en_main_du_materiel"]
    entry = Journal.objects.about(session).get()
    assert (entry.action, entry.actor) == ("activity.workshop_created", advisor)
    assert entry.action_label == "Séance d'atelier programmée"


def test_a_weekly_series_keeps_the_wall_clock_time_across_the_clock_change(advisor, place):
    # Summer time starts on Sunday 28 March 2027, between the 2nd and 3rd sessions: 14:00 stays 14:00 in Paris.
    first = datetime.date(2027, 3, 18)
    opens = local(first - datetime.timedelta(days=10), 9)
    closes = local(first - datetime.timedelta(days=1), 18)
    details = session_details(place, day=first, registration_opens_at=opens, registration_closes_at=closes)
    sessions = create(advisor, details, Repeat.WEEKLY, 4)
    assert [timezone.localtime(s.starts_at) for s in sessions] == [
        local(first + datetime.timedelta(weeks=i), 14) for i in range(4)
    ]
    assert [s.starts_at.astimezone(datetime.UTC).hour for s in sessions] == [13, 13, 12, 12]
    assert [timezone.localtime(s.ends_at).hour for s in sessions] == [16] * 4
    # The registration window moves with each session: opens 10 days before at 9:00, closes the day before.
    assert [timezone.localtime(s.registration_opens_at) for s in sessions] == [
        local(first + datetime.timedelta(weeks=i, days=-10), 9) for i in range(4)
    ]
    assert [timezone.localtime(s.registration_closes_at) for s in sessions] == [
        local(first + datetime.timedelta(weeks=i, days=-1), 18) for i in range(4)
    ]
    assert len({s.series for s in sessions}) == 1 and isinstance(sessions[0].series, uuid.UUID)


def test_a_monthly_series_keeps_the_day_of_the_month_clamped_to_short_months(advisor, place):
    sessions = create(advisor, session_details(place, day=datetime.date(2027, 1, 31)), Repeat.MONTHLY, 5)
    assert [workshops.local_day(s.starts_at) for s in sessions] == [
        datetime.date(2027, 1, 31),
        datetime.date(2027, 2, 28),
        datetime.date(2027, 3, 31),
        datetime.date(2027, 4, 30),
        datetime.date(2027, 5, 31),
    ]
    assert {timezone.localtime(s.starts_at).time() for s in sessions} == {datetime.time(14)}
    # Left empty, every session's registrations are open now and close at its own start.
    assert all(s.registration_closes_at == s.starts_at for s in sessions)
    assert {s.registration_opens_at for s in sessions} == {sessions[0].registration_opens_at}


def test_a_series_has_1_to_52_sessions(advisor, place):
    assert len(create(advisor, session_details(place), Repeat.WEEKLY, 52)) == 52
    for count in (0, 53, "trois"):
        with pytest.raises(RuleViolation, match="entre 1 et 52") as refusal:
            create(advisor, session_details(place), Repeat.WEEKLY, count)
        assert refusal.value.field == "occurrences"
    with pytest.raises(RuleViolation, match="répétition"):
        create(advisor, session_details(place), "daily", 3)
    assert Workshop.objects.count() == 52


def _other_place(other_advisor):
    return PlaceFactory(structure=other_advisor.structure, advisors=[other_advisor], commune_id="23096")


# (field, message excerpt, overrides of the valid details; a callable gets the fixtures' places)
RULES = [
    ("ends_at", "L'heure de fin doit être après l'heure de début", {"ends_at": local(in_days(3), 13)}),
    ("ends_at", "L'heure de fin doit être après l'heure de début", {"ends_at": local(in_days(3), 14)}),
    ("capacity", "entre 1 et 100", {"capacity": 0}),
    ("capacity", "entre 1 et 100", {"capacity": 101}),
    ("registration_closes_at", "au plus tard au début", {"registration_closes_at": local(in_days(3), 15)}),
    (
        "registration_opens_at",
        "ouvrir avant leur clôture",
        {"registration_opens_at": local(in_days(2), 10), "registration_closes_at": local(in_days(2), 9)},
    ),
    ("registration_opens_at", "ouvrir avant leur clôture", {"registration_opens_at": local(in_days(3), 14)}),
    ("place", "ou indiquez un lien de connexion", {"place": None, "remote_link": ""}),
    ("place", "l'un de vos lieux d'activité", "other_place"),
    ("place", "l'un de vos lieux d'activité", "archived_place"),
    ("remote_link", "adresse web complète", {"place": None, "remote_link": "visio chez moi"}),
    ("themes", "au moins un thème", {"themes": []}),
    ("themes", "dans la liste", {"themes": ["cuisine"]}),
    ("level", "niveau", {"level": "expert"}),
    ("title", "Indiquez le titre", {"title": "   "}),
    ("title", "de 5 à 150", {"title": "Web"}),
    ("title", "de 5 à 150", {"title": "x" * 151}),
    ("title", "non imprimables", {"title": "Atelier\x00 smartphone"}),
    ("description", "Décrivez", {"description": ""}),
    ("description", "de 20 à 3 000", {"description": "Trop court"}),
    ("description", "de 20 à 3 000", {"description": "x" * 3001}),
    ("what_to_bring", "300 au plus", {"what_to_bring": "x" * 301}),
    ("starts_at", "déjà passé", {"starts_at": local(in_days(-1), 14), "ends_at": local(in_days(-1), 16)}),
]


def _violating(rule_overrides, place, other_advisor, hired_advisor):
    if rule_overrides == "other_place":
        return {"place": _other_place(other_advisor)}
    if rule_overrides == "archived_place":
        archived = PlaceFactory(structure=hired_advisor.structure, advisors=[hired_advisor])
        archived.archived_at = timezone.now()
        archived.save()
        return {"place": archived}
    return rule_overrides


@pytest.mark.parametrize("field, message, overrides", RULES, ids=[f"{r[0]}-{i}" for i, r in enumerate(RULES)])
def test_each_rule_refuses_a_session_with_a_clear_message_and_stores_nothing(
    advisor, hired_advisor, other_advisor, place, field, message, overrides
):
    details = session_details(place) | _violating(overrides, place, other_advisor, hired_advisor)
    with pytest.raises(RuleViolation, match=message) as refusal:
        create(advisor, details, Repeat.WEEKLY, 3)
    assert refusal.value.field == field
    assert not Workshop.objects.exists() and not Journal.objects.filter(action__startswith="activity.").exists()


def test_a_remote_session_needs_no_place(advisor, place):
    details = session_details(None, remote_link="https://visio.exemple.fr/atelier")
    [session] = create(advisor, details)
    assert session.place is None and session.remote_link == "https://visio.exemple.fr/atelier"


def test_only_an_advisor_in_post_schedules_workshops(structure_manager, national_staff, hired_advisor, place):
    for user in (structure_manager, national_staff):
        with pytest.raises(RuleViolation, match="Votre rôle"):
            create(user, session_details(place), advisor=hired_advisor)
    assert not Workshop.objects.exists()


# ---- editing --------------------------------------------------------------------------------------


@pytest.fixture
def series(advisor, place):
    """Four weekly sessions, from next week, 14:00–16:00."""
    return create(advisor, session_details(place, day=in_days(7)), Repeat.WEEKLY, 4)


def _reload(sessions):
    return [Workshop.objects.get(pk=s.pk) for s in sessions]


def test_editing_one_session_leaves_the_rest_of_the_series(advisor, series, place):
    details = session_details(place, day=in_days(15), title="Smartphone : les applications", capacity=10)
    [changed] = update(series[1], advisor, details)
    sessions = _reload(series)
    assert [s.title for s in sessions] == ["Bien utiliser son smartphone", "Smartphone : les applications"] + [
        "Bien utiliser son smartphone"
    ] * 2
    assert workshops.local_day(sessions[1].starts_at) == in_days(15) and sessions[1].capacity == 10
    entry = Journal.objects.about(changed).filter(action="activity.workshop_updated").get()
    assert entry.before["title"] == "Bien utiliser son smartphone" and entry.after["capacity"] == 10
    assert "description" not in entry.after  # only what changed


def test_editing_this_and_the_following_sessions_moves_them_together(advisor, series, place):
    # The second session moves one day later, to 15:00–17:30: so do the third and the fourth.
    details = session_details(place, day=in_days(15), title="Nouveau titre pour la suite")
    details |= {"starts_at": local(in_days(15), 15), "ends_at": local(in_days(15), 17, 30)}
    changed = update(series[1], advisor, details, following=True)
    assert [s.pk for s in changed] == [s.pk for s in series[1:]]
    sessions = _reload(series)
    assert timezone.localtime(sessions[0].starts_at) == local(in_days(7), 14)
    assert [timezone.localtime(s.starts_at) for s in sessions[1:]] == [local(in_days(d), 15) for d in (15, 22, 29)]
    assert [timezone.localtime(s.ends_at) for s in sessions[1:]] == [local(in_days(d), 17, 30) for d in (15, 22, 29)]
    assert [s.title for s in sessions] == ["Bien utiliser son smartphone"] + ["Nouveau titre pour la suite"] * 3
    assert all(s.registration_closes_at == s.starts_at for s in sessions)


def test_capacity_never_goes_below_the_people_holding_a_seat(advisor, series, place):
    for n in range(3):
        register(series[3], n)
    details = session_details(place, day=in_days(7), capacity=2)
    with pytest.raises(RuleViolation, match="La séance du .* compte déjà 3 personnes inscrites") as refusal:
        update(series[0], advisor, details, following=True)
    assert refusal.value.field == "capacity"
    for n in range(3):
        register(series[0], n)
    with pytest.raises(RuleViolation, match="3 personnes sont déjà inscrites"):
        update(series[0], advisor, details)
    assert {s.capacity for s in _reload(series)} == {8}


def test_a_larger_capacity_gives_seats_to_the_waiting_list(advisor, hired_advisor, place, commit):
    workshop = WorkshopFactory(advisor=hired_advisor, place=place, capacity=2)
    people = [register(workshop, n) for n in range(4)]
    assert [p.status for p in people] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    details = session_details(place, capacity=3) | {"starts_at": workshop.starts_at, "ends_at": workshop.ends_at}
    details["registration_closes_at"] = workshop.registration_closes_at
    with commit():
        update(workshop, advisor, details)
    statuses = list(Registration.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "confirmed", "waitlisted"]
    assert [m.to for m in mail.outbox] == [["personne2@exemple.fr"]]
    assert "Une place s'est libérée" in mail.outbox[0].subject


def test_people_are_told_when_the_date_or_place_changes_not_the_title(advisor, series, place, hired_advisor, commit):
    register(series[0], 1)
    registrations.register(series[0], "Sans", "Mail")
    with commit():
        update(series[0], advisor, session_details(place, day=in_days(7), title="Un autre titre"))
    assert mail.outbox == []
    other_place = PlaceFactory(
        structure=hired_advisor.structure, advisors=[hired_advisor], name="Mairie annexe", address="1 rue Haute"
    )
    with commit():
        update(series[0], advisor, session_details(other_place, day=in_days(8)))
    [message] = mail.outbox
    assert message.to == ["personne1@exemple.fr"] and "Changement" in message.subject
    assert "Mairie annexe, 1 rue Haute" in message.body and "/activite/ateliers/annulation/" in message.body


def test_only_its_advisor_edits_a_session_before_it_starts(advisor, other_advisor, series, place, hired_advisor):
    with pytest.raises(RuleViolation, match="pas le vôtre"):
        update(series[0], other_advisor.user, session_details(place, day=in_days(7)))
    started = WorkshopFactory(
        advisor=hired_advisor,
        place=place,
        starts_at=timezone.now() - datetime.timedelta(minutes=5),
        registration_closes_at=timezone.now() - datetime.timedelta(minutes=10),
    )
    with pytest.raises(RuleViolation, match="déjà commencé"):
        update(started, advisor, session_details(place))
    with pytest.raises(RuleViolation, match="déjà commencé"):
        workshops.cancel_session(started, advisor, "Salle indisponible")
    assert Workshop.objects.get(pk=series[0].pk).starts_at == series[0].starts_at


# ---- cancelling -----------------------------------------------------------------------------------


def test_cancelling_a_session_ends_its_registrations_and_tells_people_why(advisor, hired_advisor, place, commit):
    workshop = WorkshopFactory(advisor=hired_advisor, place=place, capacity=1, what_to_bring="Votre tablette")
    confirmed, waiting = register(workshop, 1), register(workshop, 2)
    registrations.register(workshop, "Sans", "Mail")
    with commit():
        workshops.cancel_session(workshop, advisor, "  Salle indisponible (travaux)  ")
    workshop.refresh_from_db()
    assert workshop.cancelled_at and workshop.cancellation_reason == "Salle indisponible (travaux)"
    assert set(workshop.registrations.values_list("status", flat=True)) == {RegistrationStatus.CANCELLED}
    assert sorted(m.to[0] for m in mail.outbox) == ["personne1@exemple.fr", "personne2@exemple.fr"]
    body = mail.outbox[0].body
    assert "Motif : Salle indisponible (travaux)" in body and "Votre tablette" in body
    assert "&#x27;" not in body and "&quot;" not in body  # plain text, not HTML-escaped
    # Still listed, as cancelled; cancelling again is refused, and so are new registrations.
    assert Workshop.objects.filter(pk=workshop.pk, cancelled_at__isnull=False).exists()
    with pytest.raises(RuleViolation, match="déjà annulée"):
        workshops.cancel_session(workshop, advisor, "Encore une fois")
    with pytest.raises(RuleViolation, match="annulée : les inscriptions sont fermées"):
        register(workshop, 3)
    assert {confirmed.pk, waiting.pk} <= set(workshop.registrations.values_list("pk", flat=True))
    entry = Journal.objects.about(workshop).get(action="activity.workshop_cancelled")
    assert entry.after["registrations_cancelled"] == 3


@pytest.mark.parametrize(
    "reason, message",
    [("", "Indiquez le motif"), ("  ", "Indiquez le motif"), ("Non", "de 5 à 300"), ("x" * 301, "de 5 à 300")],
)
def test_a_cancellation_needs_a_reason(advisor, hired_advisor, place, reason, message):
    workshop = WorkshopFactory(advisor=hired_advisor, place=place)
    with pytest.raises(RuleViolation, match=message) as refusal:
        workshops.cancel_session(workshop, advisor, reason)
    assert refusal.value.field == "reason"
    workshop.refresh_from_db()
    assert workshop.cancelled_at is None


def test_only_its_advisor_cancels_a_session(other_advisor, structure_manager, hired_advisor, place):
    workshop = WorkshopFactory(advisor=hired_advisor, place=place)
    for user in (other_advisor.user, structure_manager):
        with pytest.raises(RuleViolation, match="pas le vôtre"):
            workshops.cancel_session(workshop, user, "Salle indisponible")
    workshop.refresh_from_db()
    assert workshop.cancelled_at is None
