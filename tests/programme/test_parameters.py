from datetime import date
from decimal import Decimal

import pytest

from conum.core.errors import RuleViolation
from conum.core.models import Journal
from conum.programme import services
from conum.programme.models import MinimumWage, ProgrammeParameters, TrainingTrack
from tests.helpers import page_text


def test_defaults_are_the_programme_facts(programme):
    parameters = ProgrammeParameters.current()
    assert parameters.national_target_posts == 4000
    assert parameters.envelope_eur == Decimal("250000000")
    assert parameters.subsidy_per_post(is_public=True) == Decimal("50000")
    assert parameters.subsidy_per_post(is_public=False) == Decimal("50000")
    assert parameters.contract_months_public == 24
    assert parameters.legal_weekly_hours == 35
    assert parameters.programme_start == date(2020, 11, 1)
    assert [t.hours for t in TrainingTrack.objects.all()] == [105, 210, 315, 420]
    assert MinimumWage.objects.count() == 9


@pytest.mark.parametrize(
    "day, amount",
    [
        (date(2021, 1, 1), "1554.58"),
        (date(2021, 9, 30), "1554.58"),
        (date(2021, 10, 1), "1589.47"),
        (date(2024, 12, 31), "1801.80"),
    ],
)
def test_minimum_wage_in_force(programme, day, amount):
    assert MinimumWage.in_force_on(day).monthly_gross_eur == Decimal(amount)


def test_no_minimum_wage_before_the_table(programme):
    assert MinimumWage.in_force_on(date(2020, 12, 31)) is None


@pytest.mark.parametrize("score, hours", [(100, 105), (75, 105), (74, 210), (50, 210), (30, 315), (0, 420)])
def test_training_track_for_score(programme, score, hours):
    assert TrainingTrack.for_score(score).hours == hours


def test_target_below_quotas_is_refused(programme, national_staff):
    with pytest.raises(RuleViolation) as refusal:
        services.update_parameters({"national_target_posts": 50}, by=national_staff)
    assert "inférieur de 22 postes à la somme des dotations départementales (72)" in str(refusal.value)
    assert ProgrammeParameters.current().national_target_posts == 4000


def _form_data(**overrides):
    data = {
        "national_target_posts": "4000",
        "envelope_eur": "250000000",
        "subsidy_per_post_public_eur": "50000",
        "subsidy_per_post_private_eur": "45000",
        "contract_months_public": "24",
        "legal_weekly_hours": "35",
        "training_start_within_days": "15",
        "programme_start": "2020-11-01",
    }
    return data | overrides


def test_parameters_page_saves_and_journals(client, programme, national_staff):
    client.force_login(national_staff)
    response = client.post("/programme/", _form_data())
    assert response.status_code == 302
    assert ProgrammeParameters.current().subsidy_per_post_private_eur == Decimal("45000")
    entry = Journal.objects.get(action="programme.parameters_updated")
    assert Decimal(entry.before["subsidy_per_post_private_eur"]) == 50000
    assert Decimal(entry.after["subsidy_per_post_private_eur"]) == 45000


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"national_target_posts": "abc"}, "Indiquez « Objectif national de postes » sous forme de nombre."),
        ({"national_target_posts": "0"}, "la valeur doit être au moins 1"),
        ({"national_target_posts": "10"}, "serait inférieur de 62 postes"),
        ({"envelope_eur": "-5"}, "Le montant doit être positif."),
        ({"envelope_eur": "1e400"}, "Ce montant est trop grand."),
        ({"envelope_eur": "12.345"}, "Deux décimales au plus"),
        ({"envelope_eur": "1" * 20}, "Ce montant est trop grand."),
        ({"legal_weekly_hours": "99"}, "la valeur doit être au plus 48"),
        ({"programme_start": "31/02/2021"}, "Indiquez une date valide"),
        ({"contract_months_public": ""}, "Indiquez « Durée du contrat, structure publique (mois) »."),
    ],
)
def test_parameters_page_bad_input_changes_nothing(client, programme, national_staff, overrides, message):
    client.force_login(national_staff)
    response = client.post("/programme/", _form_data(**overrides))
    assert response.status_code == 200
    assert message in page_text(response)
    parameters = ProgrammeParameters.current()
    assert (parameters.national_target_posts, parameters.subsidy_per_post_private_eur) == (4000, Decimal("50000"))
    assert not Journal.objects.exists()


def test_add_minimum_wage(client, programme, national_staff):
    client.force_login(national_staff)
    response = client.post("/programme/smic/", {"effective_date": "2025-01-01", "monthly_gross_eur": "1801,80"})
    assert response.status_code == 302
    assert MinimumWage.in_force_on(date(2025, 6, 1)).effective_date == date(2025, 1, 1)


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"effective_date": "2024-11-01", "monthly_gross_eur": "1900"},
            "Un SMIC est déjà enregistré au 01/11/2024.",
        ),
        ({"effective_date": "1999-01-01", "monthly_gross_eur": "1900"}, "La date d'effet doit être comprise"),
        ({"effective_date": "2025-01-01", "monthly_gross_eur": "0"}, "Le montant doit être positif."),
        ({"effective_date": "", "monthly_gross_eur": ""}, "Indiquez la date d'effet."),
        ({"effective_date": "demain", "monthly_gross_eur": "beaucoup"}, "Indiquez un montant en euros"),
    ],
)
def test_add_minimum_wage_bad_input(client, programme, national_staff, data, message):
    client.force_login(national_staff)
    response = client.post("/programme/smic/", data)
    assert response.status_code == 200
    assert message in page_text(response)
    assert MinimumWage.objects.count() == 9


def _tracks_data(values):
    data = {"form-TOTAL_FORMS": str(len(values)), "form-INITIAL_FORMS": str(len(values))}
    for index, (hours, score) in enumerate(values):
        data |= {f"form-{index}-hours": str(hours), f"form-{index}-min_score": str(score)}
    return data


def test_training_tracks_page_saves(client, programme, national_staff):
    client.force_login(national_staff)
    response = client.post(
        "/programme/parcours-de-formation/", _tracks_data([(70, 80), (140, 60), (280, 30), (420, 0)])
    )
    assert response.status_code == 302
    assert list(TrainingTrack.objects.values_list("hours", "min_score")) == [(70, 80), (140, 60), (280, 30), (420, 0)]
    assert Journal.objects.filter(action="programme.training_track_updated").count() == 4


@pytest.mark.parametrize(
    "values, message",
    [
        ([(105, 50), (210, 75), (315, 25), (420, 0)], "plus son score minimal doit être élevé"),
        ([(105, 75), (105, 50), (315, 25), (420, 0)], "Deux parcours ne peuvent pas avoir la même durée."),
        ([(105, 75), (210, 50), (315, 25), (420, 10)], "doit accepter tous les scores"),
        ([(105, 175), (210, 50), (315, 25), (420, 0)], "la valeur doit être au plus 100"),
        ([(105, 75), (210, 50), (315, 25)], "Les parcours ont changé pendant votre saisie"),
    ],
)
def test_training_tracks_bad_input(client, programme, national_staff, values, message):
    client.force_login(national_staff)
    response = client.post("/programme/parcours-de-formation/", _tracks_data(values))
    assert response.status_code == 200
    assert message in page_text(response)
    assert list(TrainingTrack.objects.values_list("hours", flat=True)) == [105, 210, 315, 420]


def test_parameters_page_shows_current_amounts_in_french(client, programme, national_staff):
    client.force_login(national_staff)
    page = page_text(client.get("/programme/"))
    assert 'name="envelope_eur" value="250000000,00"' in page
    assert 'name="national_target_posts" value="4000"' in page
    response = client.post("/programme/", _form_data(subsidy_per_post_public_eur="49999,50"))
    assert response.status_code == 302
    assert ProgrammeParameters.current().subsidy_per_post_public_eur == Decimal("49999.50")
