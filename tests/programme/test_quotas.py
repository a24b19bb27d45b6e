import pytest

from conum.core.errors import RuleViolation
from conum.core.models import Journal
from conum.programme import services
from conum.programme.defaults import largest_remainder
from conum.programme.models import DepartementQuota
from conum.programme.setup import load_programme_defaults
from conum.territories.loader import load_territories
from conum.territories.models import Departement
from tests.helpers import page_text


def test_largest_remainder_sums_exactly():
    shares = largest_remainder(10, {"a": 1, "b": 1, "c": 1})
    assert sum(shares.values()) == 10
    assert sorted(shares.values()) == [3, 3, 4]
    assert largest_remainder(7, {"big": 90, "small": 10}) == {"big": 6, "small": 1}


def test_largest_remainder_refuses_zero_weights():
    with pytest.raises(ValueError):
        largest_remainder(5, {"a": 0})


def test_initial_quotas_sum_to_target_with_announced_values(db):
    load_territories()
    done = load_programme_defaults(with_quotas=True)
    assert any("109 dotations" in line for line in done)
    quotas = dict(DepartementQuota.objects.values_list("departement", "posts"))
    assert sum(quotas.values()) == 4000
    assert (quotas["87"], quotas["19"], quotas["23"]) == (36, 22, 14)
    assert len(quotas) == 109
    assert quotas["75"] > quotas["48"]  # Paris gets more than Lozère
    assert Journal.objects.get(action="programme.initial_quotas_set").after == quotas
    # running it again changes nothing
    assert load_programme_defaults(with_quotas=True) == []
    assert dict(DepartementQuota.objects.values_list("departement", "posts")) == quotas


def test_quota_within_target_is_saved_and_journaled(programme, national_staff):
    haute_vienne = Departement.objects.get(code="87")
    services.set_quota(haute_vienne, 40, by=national_staff)
    assert DepartementQuota.objects.get(departement="87").posts == 40
    entry = Journal.objects.get(action="programme.quota_set")
    assert (entry.actor, entry.before, entry.after) == (national_staff, {"posts": 36}, {"posts": 40})


def test_quota_exceeding_target_is_refused_with_the_excess(programme, national_staff):
    # 22 + 14 posts elsewhere: 3,964 is the most Haute-Vienne may get under 4,000
    with pytest.raises(RuleViolation) as refusal:
        services.set_quota(Departement.objects.get(code="87"), 3976, by=national_staff)
    message = str(refusal.value)
    assert "dépasserait l'objectif national (4\u202f000) de 12 postes" in message
    assert "Au plus 3\u202f964 postes pour la Haute-Vienne" in message
    assert DepartementQuota.objects.get(departement="87").posts == 36
    assert not Journal.objects.exists()


def test_quota_edit_page_refuses_excess(client, programme, national_staff):
    client.force_login(national_staff)
    response = client.post("/programme/dotations/87/", {"posts": "3976"})
    assert response.status_code == 200
    assert "de 12 postes" in page_text(response)
    assert DepartementQuota.objects.get(departement="87").posts == 36


@pytest.mark.parametrize(
    "value, message",
    [
        ("", "Indiquez le nombre de postes."),
        ("abc", "Indiquez le nombre de postes sous forme de nombre."),
        ("-3", "Le nombre de postes : la valeur doit être au moins 0."),
        ("2.5", "Indiquez le nombre de postes sous forme de nombre."),
        ("99999999999999999999", "Le nombre de postes : la valeur doit être au plus 100000."),
    ],
)
def test_quota_edit_page_bad_input(client, programme, national_staff, value, message):
    client.force_login(national_staff)
    response = client.post("/programme/dotations/87/", {"posts": value})
    assert response.status_code == 200
    assert message in page_text(response)
    assert DepartementQuota.objects.get(departement="87").posts == 36


def test_quota_edit_page_saves(client, programme, national_staff):
    client.force_login(national_staff)
    response = client.post("/programme/dotations/2A/", {"posts": "5"})
    assert response.status_code == 302
    assert DepartementQuota.objects.get(departement="2A").posts == 5


def test_quota_list_totals(client, programme, national_staff):
    client.force_login(national_staff)
    page = page_text(client.get("/programme/dotations/"))
    assert "Haute-Vienne" in page and "Creuse" in page
    assert "3\u202f928 encore à répartir" in page


def test_prefecture_sees_only_its_territory(client, programme, prefecture_agent):
    client.force_login(prefecture_agent)
    page = page_text(client.get("/programme/dotations/"))
    assert "Haute-Vienne" in page
    assert "Creuse" not in page and "Corrèze" not in page
    assert "Modifier" not in page


def test_regional_prefecture_sees_its_region(client, programme, regional_prefecture_agent):
    client.force_login(regional_prefecture_agent)
    page = page_text(client.get("/programme/dotations/"))
    assert "Haute-Vienne" in page and "Creuse" in page and "Corrèze" in page


def test_scoping_queryset(programme, prefecture_agent, structure_manager, national_staff):
    assert list(DepartementQuota.objects.for_user(prefecture_agent).values_list("departement", flat=True)) == ["87"]
    assert DepartementQuota.objects.for_user(national_staff).count() == 3
    assert DepartementQuota.objects.for_user(structure_manager).count() == 0
