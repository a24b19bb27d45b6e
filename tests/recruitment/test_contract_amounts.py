"""The contract form reads the salary as Conum displays it ("1 950,00"); an unreadable one changes nothing."""

from decimal import Decimal

import pytest

from tests.helpers import page_text
from tests.recruitment.test_contracts import limoges, shortlisted  # noqa: F401 (fixture)

DATA = {"type": "cdd", "start_date": "2024-01-15", "weekly_hours": "35"}


@pytest.mark.parametrize("typed", ["1 950,00", "1\u202f950,00", "1 950 €", "1950"])
def test_salary_typed_as_displayed_is_recorded(client, limoges, structure_manager, typed):  # noqa: F811
    match = shortlisted(limoges)
    client.force_login(structure_manager)
    response = client.post(
        f"/recrutement/mises-en-relation/{match.pk}/contrat/", DATA | {"gross_monthly_salary": typed}
    )
    assert response.status_code == 302
    assert match.contracts.get().gross_monthly_salary == Decimal("1950")


def test_unreadable_salary_gets_a_clear_message(client, limoges, structure_manager):  # noqa: F811
    match = shortlisted(limoges)
    client.force_login(structure_manager)
    response = client.post(
        f"/recrutement/mises-en-relation/{match.pk}/contrat/", DATA | {"gross_monthly_salary": "1 950 euros et des"}
    )
    assert response.status_code == 200
    assert "Indiquez un montant en euros, par exemple 1800 ou 1801,80." in page_text(response)
    assert not match.contracts.exists()
