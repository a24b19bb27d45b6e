"""The personal space ("Mon espace") starts with what the person has to do (core.worklist): each role's counts,
never another scope's rows, links that open, the message when nothing waits, and queries that do not grow."""

import html
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conum.activity.enums import RegistrationStatus
from conum.activity.models import ActivityReport, Registration
from conum.activity.worklist import week_end
from conum.recruitment.enums import BreakStatus, ContractStatus, MatchStatus
from conum.recruitment.models import Contract, ContractBreak, Match
from conum.structures.enums import AmendmentStatus, ApplicationStatus
from conum.structures.models import Amendment, PrefectOpinion, StructureApplication
from tests.activity.factories import WorkshopFactory
from tests.factories import ApplicationFactory, CandidateFactory
from tests.helpers import page_text
from tests.recruitment.hiring import in_post, validated_application

TILE = re.compile(
    r'<h3 class="fr-tile__title"><a href="([^"]+)">([^<]+)<span class="fr-sr-only"> : (\d+)(?: \(alerte\))?</span>'
)
NOTHING = "Rien en attente"
GUERET, LIMOGES = "23096", "87085"
# The page (session, user, second factor, navigation) and a few queries per provider, whatever the rows.
MAX_QUERIES = 10


def space(client, user):
    client.force_login(user)
    response = client.get("/compte/")
    assert response.status_code == 200
    return response


def worklist_on(client, user) -> dict[str, tuple[int, str]]:
    """The tiles of the user's space: {label: (count, url)}."""
    found = TILE.findall(space(client, user).content.decode())
    return {html.unescape(label): (int(count), html.unescape(url)) for url, label, count in found}


def assert_links_open(client, worklist):
    for label, (_count, url) in worklist.items():
        assert client.get(url).status_code == 200, label


def queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/compte/").status_code == 200
    assert len(captured) <= MAX_QUERIES
    return len(captured)


# ---- prefecture and national team: applications, amendments ----------------------------------------


def application(commune="87154", status=ApplicationStatus.SUBMITTED):
    made = ApplicationFactory(structure__commune_id=commune)
    StructureApplication.objects.filter(pk=made.pk).update(status=status)
    return made


def opinion(on, author, amendment=None):
    PrefectOpinion.objects.create(
        application=on, amendment=amendment, verdict="favourable", posts_recommended=1, comment="Avis", author=author
    )


def amendment(manager, commune="87154", status=AmendmentStatus.SUBMITTED):
    return Amendment.objects.create(
        application=validated_application(manager, commune=commune), kind="add", posts=1, status=status,
        requested_by=manager,
    )  # fmt: skip


@pytest.fixture
def applications(programme, prefecture_agent, structure_manager):
    """In Haute-Vienne: 3 applications awaiting the opinion (one in further review), one with its opinion, one
    refused; 2 open amendments, one of them with its opinion, and a decided one. In Creuse: one of each waiting.
    The committee has 5 applications and 3 amendments to decide."""
    for status in (ApplicationStatus.SUBMITTED, ApplicationStatus.SUBMITTED, ApplicationStatus.FURTHER_REVIEW):
        application(status=status)
    opinion(application(), prefecture_agent)
    application(status=ApplicationStatus.REFUSED)
    amendment(structure_manager)
    answered = amendment(structure_manager)
    opinion(answered.application, prefecture_agent, amendment=answered)
    amendment(structure_manager, status=AmendmentStatus.VALIDATED)
    application(commune=GUERET)
    amendment(structure_manager, commune=GUERET)


def test_prefecture_sees_what_awaits_its_opinion_in_its_territory_only(client, applications, prefecture_agent):
    worklist = worklist_on(client, prefecture_agent)
    assert worklist == {
        "Candidatures en attente de votre avis": (3, "/structures/prefecture/?awaiting_opinion=on"),
        "Avenants en attente de votre avis": (1, "/structures/prefecture/"),
    }
    queue = page_text(client.get(worklist["Candidatures en attente de votre avis"][1]))
    assert "3 candidatures" in queue  # the queue filtered as the tile counts


def test_another_prefecture_counts_its_own_departement(client, applications, other_prefecture_agent):
    assert worklist_on(client, other_prefecture_agent) == {
        "Candidatures en attente de votre avis": (1, "/structures/prefecture/?awaiting_opinion=on"),
        "Avenants en attente de votre avis": (1, "/structures/prefecture/"),
    }


def contract_waiting(manager, commune=LIMOGES):
    match = Match.objects.create(
        candidate=CandidateFactory(), application=validated_application(manager, commune=commune),
        status=MatchStatus.CONTRACT_PROPOSED, distance_km=5,
    )  # fmt: skip
    return Contract.objects.create(
        match=match, type="cdi", start_date=date.today(), weekly_hours=Decimal("35"),
        gross_monthly_salary=Decimal("1900"), recorded_by=manager,
    )  # fmt: skip


def break_declared(manager, national_staff, status=BreakStatus.NOTIFIED):
    advisor = in_post(validated_application(manager, commune=LIMOGES), manager, national_staff)
    ContractBreak.objects.create(
        contract=advisor.match.contracts.get(), date=date.today() + timedelta(days=10), reason="demission",
        status=status, declared_by=manager,
    )  # fmt: skip


def test_national_team_sees_its_committee_and_validation_queues(
    client, applications, structure_manager, other_structure_manager, national_staff
):
    contract_waiting(structure_manager)
    contract_waiting(other_structure_manager, commune=GUERET)
    validated = contract_waiting(structure_manager)
    Contract.objects.filter(pk=validated.pk).update(status=ContractStatus.VALIDATED)
    break_declared(structure_manager, national_staff)
    break_declared(structure_manager, national_staff, status=BreakStatus.VALIDATED)

    worklist = worklist_on(client, national_staff)

    assert worklist == {
        "Candidatures à décider en comité": (5, "/structures/comite/"),
        "Avenants à décider en comité": (3, "/structures/comite/"),
        "Contrats à valider": (2, "/recrutement/contrats/"),
        "Ruptures de contrat à valider": (1, "/conseillers/ruptures/"),
    }
    assert_links_open(client, worklist)
    assert "2 contrats à valider" in page_text(client.get("/recrutement/contrats/"))
    assert "1 rupture à valider" in page_text(client.get("/conseillers/ruptures/"))


def test_staff_queries_do_not_grow_with_the_queues(client, applications, prefecture_agent, national_staff):
    before = queries(client, prefecture_agent), queries(client, national_staff)
    for _ in range(3):
        application()
    assert (queries(client, prefecture_agent), queries(client, national_staff)) == before


# ---- structure: candidates and contracts ------------------------------------------------------------


def proposal(on, status=MatchStatus.NEW, distance=12, **candidate):
    return Match.objects.create(
        candidate=CandidateFactory(**candidate), application=on, status=status, distance_km=distance
    )


@pytest.fixture
def limoges(programme, structure_manager):
    """A validated application in Limoges: 3 new proposals it may see (and 2 it may not: an unavailable person,
    one too far for their mobility), 2 shortlisted, a contract waiting, one declined, one hired."""
    mine = validated_application(structure_manager, commune=LIMOGES, posts=3)
    for _ in range(3):
        proposal(mine)
    proposal(mine, available=False)
    proposal(mine, distance=60, mobility_km=40)
    proposal(mine, status=MatchStatus.SHORTLISTED)
    proposal(mine, status=MatchStatus.SHORTLISTED)
    proposal(mine, status=MatchStatus.CONTRACT_PROPOSED)
    proposal(mine, status=MatchStatus.DECLINED)
    proposal(mine, status=MatchStatus.HIRED)
    return mine


@pytest.fixture
def gueret(programme, other_structure_manager):
    """Another structure's application, with 4 new proposals."""
    theirs = validated_application(other_structure_manager, commune=GUERET)
    for _ in range(4):
        proposal(theirs, commune_id=GUERET)
    return theirs


def test_structure_sees_its_candidates_to_handle_and_its_contracts_waiting(client, limoges, gueret, structure_manager):
    worklist = worklist_on(client, structure_manager)

    candidates = f"/recrutement/structures/{limoges.pk}/candidats/"
    assert worklist == {
        "Nouveaux candidats proposés, pas encore examinés": (3, f"{candidates}?status=new"),
        "Candidats présélectionnés : à contacter, contrat à enregistrer": (2, f"{candidates}?status=shortlisted"),
        "Contrats en attente de validation par l'équipe nationale": (1, f"{candidates}?status=contract_proposed"),
    }
    assert_links_open(client, worklist)
    assert "3 candidats" in page_text(client.get(f"{candidates}?status=new"))  # the list counts the same people


def test_another_structure_counts_its_own_candidates(client, limoges, gueret, other_structure_manager):
    candidates = f"/recrutement/structures/{gueret.pk}/candidats/"
    assert worklist_on(client, other_structure_manager) == {
        "Nouveaux candidats proposés, pas encore examinés": (4, f"{candidates}?status=new"),
    }


def test_a_manager_of_two_structures_sees_which_one_each_count_is_about(client, limoges, structure_manager):
    second = validated_application(structure_manager, commune="87154")
    proposal(second)

    worklist = worklist_on(client, structure_manager)

    name, other_name = limoges.structure.name, second.structure.name
    assert worklist[f"Nouveaux candidats proposés, pas encore examinés — {name}"][0] == 3
    assert worklist[f"Nouveaux candidats proposés, pas encore examinés — {other_name}"] == (
        1, f"/recrutement/structures/{second.pk}/candidats/?status=new",
    )  # fmt: skip
    assert len(worklist) == 4


def test_structure_queries_do_not_grow_with_candidates_or_structures(client, limoges, structure_manager):
    before = queries(client, structure_manager)
    for _ in range(5):
        proposal(limoges)
    proposal(validated_application(structure_manager, commune="87154"), status=MatchStatus.SHORTLISTED)
    assert queries(client, structure_manager) == before


# ---- advisor: workshops ------------------------------------------------------------------------------


def session(advisor, start, hours=2, **fields):
    """A remote session of `advisor` starting at `start`, its registrations closed an hour before."""
    return WorkshopFactory(
        advisor=advisor, starts_at=start, ends_at=start + timedelta(hours=hours), remote_link="https://visio.example/a",
        registration_opens_at=start - timedelta(days=10), registration_closes_at=start - timedelta(hours=1), **fields,
    )  # fmt: skip


def registration(workshop, status=RegistrationStatus.WAITLISTED):
    return Registration.objects.create(workshop=workshop, first_name="Dominique", last_name="L.", status=status)


def report(on, deleted=False):
    ActivityReport.objects.create(
        advisor=on.advisor, structure=on.structure, workshop=on, date=on.starts_at.date(), kind="collectif",
        location="a_distance", commune_id=LIMOGES, duration_minutes=120, participants=3,
        deleted_at=timezone.now() if deleted else None,
    )  # fmt: skip


@pytest.fixture
def workshops(programme, structure_manager, other_structure_manager, national_staff):
    """An advisor in post with: a session running now (this week), one next week, a cancelled one; 3 past sessions
    owed a report (one's report was deleted), a reported one, a cancelled one; 3 people waiting for a seat on
    the sessions to come. Another advisor has the same."""
    now = timezone.now()
    next_week = week_end(timezone.localdate()) + timedelta(days=1, hours=10)
    made = {}
    for key, manager, commune in (("mine", structure_manager, LIMOGES), ("theirs", other_structure_manager, GUERET)):
        advisor = in_post(validated_application(manager, commune=commune), manager, national_staff)
        running = session(advisor, now - timedelta(minutes=30), hours=1)
        later = session(advisor, next_week)
        cancelled = session(advisor, now + timedelta(minutes=10), cancelled_at=now)
        oldest = session(advisor, now - timedelta(days=9))
        session(advisor, now - timedelta(days=3))
        report(session(advisor, now - timedelta(days=4)), deleted=True)
        report(session(advisor, now - timedelta(days=2)))
        past = session(advisor, now - timedelta(days=5), cancelled_at=now - timedelta(days=6))
        registration(running)
        registration(later)
        registration(later)
        registration(later, status=RegistrationStatus.CONFIRMED)
        registration(cancelled)
        registration(past)
        made[key] = advisor, oldest
    return made


def test_advisor_sees_its_week_its_reports_owed_and_its_waiting_lists(client, workshops):
    advisor, oldest = workshops["mine"]

    worklist = worklist_on(client, advisor.user)

    assert worklist == {
        "Séances passées sans compte rendu": (3, f"/activite/comptes-rendus/nouveau/?atelier={oldest.pk}"),
        "Séances à venir cette semaine": (1, "/activite/ateliers/"),
        "Personnes en liste d'attente sur vos prochaines séances": (3, "/activite/ateliers/"),
    }
    assert_links_open(client, worklist)


def test_the_reports_owed_come_first_marked_as_an_alert(client, workshops):
    advisor, _oldest = workshops["mine"]
    page = page_text(space(client, advisor.user))
    section = page[page.index('id="a-faire"') : page.index("Mon compte")]
    assert section.index("Séances passées sans compte rendu") < section.index("Séances à venir cette semaine")
    assert section.count("Alerte") == 1
    assert 'Séances passées sans compte rendu<span class="fr-sr-only"> : 3 (alerte)</span>' in section
    assert section.index("Alerte") < section.index("Séances à venir cette semaine")


def test_advisor_queries_do_not_grow_with_sessions(client, workshops):
    advisor, _oldest = workshops["mine"]
    before = queries(client, advisor.user)
    now = timezone.now()
    for days in (1, 6, 7):
        registration(session(advisor, now - timedelta(days=days)))
    registration(session(advisor, now + timedelta(minutes=5)))
    assert queries(client, advisor.user) == before


# ---- nothing waiting ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["national_staff", "prefecture_agent", "structure_manager", "advisor"])
def test_nothing_waiting_says_so_and_keeps_the_account_and_tools(client, programme, request, persona):
    page = page_text(space(client, request.getfixturevalue(persona)))
    assert NOTHING in page
    assert 'class="fr-tile' not in page
    assert page.index("À faire") < page.index("Mon compte") < page.index("Mes outils")


def test_an_advisor_who_left_has_nothing_to_do_here(client, workshops):
    advisor, _oldest = workshops["mine"]
    type(advisor).objects.filter(pk=advisor.pk).update(in_post=False)
    assert NOTHING in page_text(space(client, advisor.user))
