from decimal import Decimal

from conum.accounts.models import User
from conum.core.models import Journal
from conum.recruitment import matching
from conum.recruitment.models import Candidate, Match
from conum.structures.models import StructureApplication
from tests.factories import ApplicationFactory, CandidateFactory, UserFactory
from tests.helpers import page_text


def _candidate_with_account(**fields):
    user = UserFactory(candidate=True, email="sam@exemple.fr", first_name="Sam", last_name="Lefort")
    return CandidateFactory(user=user, email="sam@exemple.fr", first_name="Sam", last_name="Lefort", **fields), user


def test_space_shows_how_many_structures_consider_the_application(client, programme):
    application = ApplicationFactory(structure__commune_id="87085")
    StructureApplication.objects.filter(pk=application.pk).update(status="validated", posts_granted=1)
    candidate, user = _candidate_with_account()
    matching.run()
    client.force_login(user)
    page = page_text(client.get("/recrutement/ma-candidature/"))
    assert "1 structure examine actuellement votre candidature." in page
    assert application.structure.name not in page  # how many, not which


def test_unavailable_then_available(client, programme, django_capture_on_commit_callbacks):
    candidate, user = _candidate_with_account()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/recrutement/ma-candidature/", {"action": "unavailable"})
    candidate.refresh_from_db()
    assert not candidate.available
    client.post("/recrutement/ma-candidature/", {"action": "available"})
    candidate.refresh_from_db()
    assert candidate.available


def test_deletion_erases_personal_data_and_keeps_anonymous_history(client, programme):
    application = ApplicationFactory(structure__commune_id="87085")
    StructureApplication.objects.filter(pk=application.pk).update(status="validated", posts_granted=1)
    candidate, user = _candidate_with_account(phone="+33699999999", motivation="Texte personnel", diploma_name="DU")
    matching.run()
    client.force_login(user)
    client.post("/recrutement/ma-candidature/", {"action": "erase"})  # not confirmed: nothing happens
    assert Candidate.objects.get(pk=candidate.pk).erased_at is None
    response = client.post("/recrutement/ma-candidature/", {"action": "erase", "confirm": "on"})
    assert response.status_code == 302
    row = Candidate.objects.values().get(pk=candidate.pk)
    assert (
        row["first_name"],
        row["last_name"],
        row["email"],
        row["phone"],
        row["motivation"],
        row["diploma_name"],
    ) == ("", "", "", "", "", "")
    assert row["erased_at"] is not None and row["user_id"] is None
    account = User.objects.get(pk=user.pk)
    assert account.email.endswith("@conum.invalid") and not account.is_active and not account.has_usable_password()
    assert Match.objects.filter(candidate=candidate, status="withdrawn").count() == 1  # history kept, anonymous
    assert float(Match.objects.get(candidate=candidate).distance_km) == float(Decimal("28.4"))
    journal_text = " ".join(f"{e.object_repr} {e.before} {e.after}" for e in Journal.objects.all())
    assert "Lefort" not in journal_text and "sam@exemple.fr" not in journal_text
    assert client.get("/recrutement/ma-candidature/").status_code == 302  # signed out


def test_space_is_for_candidates_only(client, programme, structure_manager):
    client.force_login(structure_manager)
    assert client.get("/recrutement/ma-candidature/").status_code == 403
