"""The advisor directory, training records and recruitment exports: scope, filters, validation."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone

from conum.core.models import Journal
from conum.recruitment import training
from conum.recruitment.enums import TrainingState
from conum.recruitment.models import Advisor
from tests.helpers import PERSONAS, page_text, statuses_by_persona
from tests.recruitment.hiring import hire, validated_application


def expect(default, **overrides):
    return dict.fromkeys(PERSONAS, default) | overrides


@pytest.fixture
def hired(programme, structure_manager, national_staff):
    """An advisor in Limoges (87)."""
    application = validated_application(structure_manager)
    return hire(application, structure_manager, national_staff, first_name="Lina", last_name="Martin")


@pytest.fixture
def hired_in_creuse(programme, other_structure_manager, national_staff):
    application = validated_application(other_structure_manager, commune="23096")
    return hire(application, other_structure_manager, national_staff, first_name="Paul", last_name="Guéret")


STEERING = expect(403, anonymous=302, structure_manager=200, prefecture_agent=200, national_staff=200)
MATRIX = [
    ("/conseillers/", STEERING | {"other_structure_manager": 200, "other_prefecture_agent": 200}),
    ("/conseillers/export.csv", STEERING | {"other_structure_manager": 200, "other_prefecture_agent": 200}),
    ("/conseillers/export.xlsx", STEERING | {"other_structure_manager": 200, "other_prefecture_agent": 200}),
    ("/conseillers/contrats.csv", STEERING | {"other_structure_manager": 200, "other_prefecture_agent": 200}),
    ("/conseillers/contrats.xlsx", STEERING | {"other_structure_manager": 200, "other_prefecture_agent": 200}),
    ("/conseillers/ruptures.csv", STEERING | {"other_structure_manager": 200, "other_prefecture_agent": 200}),
    ("/conseillers/ruptures.xlsx", STEERING | {"other_structure_manager": 200, "other_prefecture_agent": 200}),
    ("/conseillers/{pk}/", STEERING | {"other_structure_manager": 404, "other_prefecture_agent": 404}),
    ("/conseillers/{pk}/rupture/", expect(403, anonymous=302, structure_manager=200, other_structure_manager=404)),
    ("/conseillers/ruptures/", expect(403, anonymous=302, national_staff=200)),
]


@pytest.mark.parametrize("url, expected", MATRIX, ids=[url for url, _ in MATRIX])
def test_advisors_permission_matrix(client, request, hired, url, expected):
    assert statuses_by_persona(client, request, url.format(pk=hired.pk)) == expected


def _names(response):
    text = page_text(response)
    return {name for name in ("Lina Martin", "Paul Guéret") if name in text}


def test_each_role_sees_its_own_advisors(
    client, hired, hired_in_creuse, structure_manager, prefecture_agent, regional_prefecture_agent, national_staff
):
    expected = {
        structure_manager: {"Lina Martin"},
        prefecture_agent: {"Lina Martin"},
        regional_prefecture_agent: {"Lina Martin", "Paul Guéret"},
        national_staff: {"Lina Martin", "Paul Guéret"},
    }
    for user, names in expected.items():
        client.force_login(user)
        assert _names(client.get("/conseillers/")) == names
        export = b"".join(client.get("/conseillers/export.csv").streaming_content).decode("utf-8-sig")
        assert {row["Nom"] for row in csv.DictReader(io.StringIO(export), delimiter=";")} == {
            name.split()[1] for name in names
        }


def test_contracts_export_is_scoped_and_shows_breaks(client, hired, hired_in_creuse, prefecture_agent):
    client.force_login(prefecture_agent)
    export = b"".join(client.get("/conseillers/contrats.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(export), delimiter=";"))
    assert [(row["Conseiller"], row["Statut"], row["Rupture : date"]) for row in rows] == [
        ("Lina Martin", "Validé", "")
    ]


def test_breaks_export_is_scoped(client, hired, hired_in_creuse, structure_manager, other_structure_manager):
    from conum.recruitment import breaks

    breaks.declare_break(hired.match, structure_manager, timezone.localdate(), "demission")
    breaks.declare_break(hired_in_creuse.match, other_structure_manager, timezone.localdate(), "autre", "Départ")
    client.force_login(structure_manager)
    export = b"".join(client.get("/conseillers/ruptures.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(export), delimiter=";"))
    assert [(row["Conseiller"], row["Motif"], row["Statut"]) for row in rows] == [
        ("Lina Martin", "Démission", "À valider")
    ]


def test_directory_filters_and_counts_by_training_state(client, hired, hired_in_creuse, national_staff):
    Advisor.objects.filter(pk=hired.pk).update(positioning_score=40, training_start=date(2024, 1, 20))
    client.force_login(national_staff)
    text = page_text(client.get("/conseillers/"))
    assert "En formation</a></th><td>1" in text and "Test de positionnement à passer</a></th><td>1" in text
    assert _names(client.get("/conseillers/?training=in_progress")) == {"Lina Martin"}
    assert _names(client.get("/conseillers/?departement=23")) == {"Paul Guéret"}
    assert _names(client.get("/conseillers/?q=gu%C3%A9ret")) == {"Paul Guéret"}
    # Paul has no training planned 15 days after his contract started: late.
    assert _names(client.get("/conseillers/?late_training=on")) == {"Paul Guéret"}
    assert _names(client.get("/conseillers/?presence=left")) == set()


def test_directory_queries_do_not_grow_with_advisors(
    client, hired, programme, structure_manager, national_staff, django_assert_max_num_queries
):
    application = validated_application(structure_manager, posts=30)
    for _ in range(12):
        hire(application, structure_manager, national_staff)
    client.force_login(national_staff)
    with django_assert_max_num_queries(10):
        response = client.get("/conseillers/")
    assert page_text(response).count("/conseillers/") >= 13


def test_bad_filters_never_fail(client, hired, national_staff):
    client.force_login(national_staff)
    for query in ("training=nimporte", "presence=%00", "departement=" + "x" * 200, "page=abc", "q=" + "é" * 500):
        assert client.get(f"/conseillers/?{query}").status_code == 200


TRAINING = {
    "positioning_score": "55",
    "positioning_date": "2024-01-10",
    "training_planned_start": "2024-01-22",
    "training_planned_end": "2024-03-01",
    "training_start": "2024-01-22",
    "training_end": "",
    "ccp1_certified_on": "",
    "pix_certified_on": "",
}


def test_the_employer_records_training_and_the_track_follows_the_score(client, hired, structure_manager):
    client.force_login(structure_manager)
    response = client.post(f"/conseillers/{hired.pk}/", TRAINING)
    assert response.status_code == 302
    hired.refresh_from_db()
    assert hired.training_track.hours == 210  # score 55: the second track (thresholds in the programme fixture)
    assert hired.training_state == TrainingState.IN_PROGRESS
    assert training.training_delay(hired) == ""  # started 7 days after the contract
    entry = Journal.objects.get(action="recruitment.training_updated")
    assert entry.after["positioning_score"] == 55 and entry.before["positioning_score"] is None


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"positioning_score": "101"}, "Le score est compris entre 0 et 100."),
        ({"positioning_score": "abc"}, "Indiquez un score entier entre 0 et 100."),
        ({"positioning_score": ""}, "Indiquez le score obtenu au test."),
        ({"training_end": "2024-01-01"}, "La fin suit le début."),
        ({"training_planned_end": "2023-01-01"}, "La fin prévue suit le début prévu."),
        ({"ccp1_certified_on": "2099-01-01"}, "Cette date ne peut pas être dans le futur."),
        ({"training_completed": "on"}, "Indiquez la fin effective d'une formation achevée."),
        ({"training_start": "", "training_end": "2024-03-01"}, "Indiquez aussi le début effectif"),
        ({"positioning_date": "31/02/2024"}, "Indiquez une date valide"),
    ],
)
def test_bad_training_input_is_refused_and_changes_nothing(client, hired, national_staff, overrides, message):
    client.force_login(national_staff)
    response = client.post(f"/conseillers/{hired.pk}/", TRAINING | overrides)
    assert response.status_code == 200 and message in page_text(response)
    hired.refresh_from_db()
    assert hired.positioning_score is None and hired.training_start is None


def test_prefectures_read_training_but_cannot_change_it(client, hired, prefecture_agent):
    client.force_login(prefecture_agent)
    assert "Enregistrer la formation" not in page_text(client.get(f"/conseillers/{hired.pk}/"))
    client.post(f"/conseillers/{hired.pk}/", TRAINING)
    hired.refresh_from_db()
    assert hired.positioning_score is None


def test_late_training_warning(hired):
    today = timezone.localdate()
    assert "Formation non planifiée" in training.training_delay(hired, today=date(2024, 2, 1))
    assert training.training_delay(hired, today=date(2024, 1, 29)) == ""
    hired.training_planned_start = date(2024, 2, 5)
    assert "commencée 21 jours après" in training.training_delay(hired, today=today)
    hired.training_completed = True
    assert training.training_delay(hired, today=today) == ""


def test_training_state_filter_agrees_with_each_advisor_state(programme, structure_manager, national_staff):
    """The database conditions (lists, counts) and the Python property (pages) classify alike."""
    application = validated_application(structure_manager, posts=20)
    states = [
        {},
        {"positioning_score": 10},
        {"positioning_score": 10, "training_start": date(2024, 2, 1)},
        {"training_start": date(2024, 2, 1), "training_end": date(2024, 3, 1), "training_completed": True},
        {"training_completed": True, "ccp1_certified_on": date(2024, 6, 1)},
        {"ccp1_certified_on": date(2024, 6, 1)},
        {"training_completed": True},
    ]
    for values in states:
        advisor = hire(application, structure_manager, national_staff)
        Advisor.objects.filter(pk=advisor.pk).update(**values)
    for state in TrainingState:
        in_state = set(Advisor.objects.in_training_state(state).values_list("pk", flat=True))
        assert in_state == {a.pk for a in Advisor.objects.all() if a.training_state == state}, state
    late = set(Advisor.objects.late_for_training(timezone.localdate()).values_list("pk", flat=True))
    assert late == {a.pk for a in Advisor.objects.all() if training.training_delay(a)}


def test_declaring_a_break_through_the_page(client, hired, structure_manager):
    client.force_login(structure_manager)
    url = f"/conseillers/{hired.pk}/rupture/"
    too_late = (timezone.localdate() + timedelta(days=90)).isoformat()
    response = client.post(url, {"date": too_late, "reason": "demission"})
    assert "au plus dans deux mois" in page_text(response)
    response = client.post(url, {"date": timezone.localdate().isoformat(), "reason": "autre"})
    assert "Précisez le motif « Autre »" in page_text(response)
    assert not hired.match.contracts.filter(contract_break__isnull=False).exists()
    response = client.post(url, {"date": timezone.localdate().isoformat(), "reason": "demission"})
    assert response.status_code == 302
    hired.match.refresh_from_db()
    assert hired.match.status == "break_notified"


def test_national_staff_validate_breaks_from_their_queue(client, hired, structure_manager, national_staff):
    from conum.recruitment import breaks

    contract_break = breaks.declare_break(hired.match, structure_manager, timezone.localdate(), "demission")
    client.force_login(national_staff)
    assert "Lina Martin" in page_text(client.get("/conseillers/ruptures/"))
    assert "Ruptures de contrat à valider (1)" in page_text(client.get("/recrutement/contrats/"))
    client.post("/conseillers/ruptures/", {"break": contract_break.pk, "decision": "validate"})
    hired.refresh_from_db()
    assert not hired.in_post


@pytest.mark.parametrize(
    "url, data",
    [
        ("/conseillers/ruptures/", {"break": "abc", "decision": "validate"}),
        ("/conseillers/ruptures/", {"break": "99999999999999999999", "decision": "validate"}),
        ("/conseillers/ruptures/", {"decision": "validate"}),
        ("/recrutement/contrats/", {"contract": "abc", "decision": "validate"}),
        ("/recrutement/contrats/", {"contract": "-1", "decision": "refuse"}),
    ],
)
def test_national_queues_answer_404_to_junk_ids(client, hired, national_staff, url, data):
    client.force_login(national_staff)
    assert client.post(url, data).status_code == 404
    hired.refresh_from_db()
    assert hired.in_post and hired.match.status == "hired"
