import io
import zipfile
from decimal import Decimal

from conum.structures import subsidies, workflow
from conum.structures.enums import ApplicationStatus, Verdict

from .conftest import COMMITTEE


def _csv(response):
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_export_for_the_national_team(client, application, other_application, national_staff, prefecture_agent):
    workflow.give_opinion(application, prefecture_agent, Verdict.FAVOURABLE, 2, "Projet solide et utile.")
    workflow.decide(application, national_staff, ApplicationStatus.VALIDATED, posts=2, **COMMITTEE)
    subsidies.record_payment(application.agreement, national_staff, COMMITTEE["committee_date"], Decimal("25000"), "M1")
    client.force_login(national_staff)
    response = client.get("/structures/export.csv", {"status": "all"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="candidatures-structures-')
    content = _csv(response)
    assert content.startswith("\ufeffSIRET;Nom;Type;")
    lines = content.strip().splitlines()
    assert len(lines) == 3
    row = next(line for line in lines if application.structure.siret in line).split(";")
    assert row[5] == "87 Haute-Vienne" and row[6] == "non"
    assert row[8:12] == ["2", "2", "2", "Validée"]
    assert row[14:16] == ["100000,00", "25000,00"]


def test_prefecture_export_is_scoped(client, application, other_application, prefecture_agent):
    client.force_login(prefecture_agent)
    content = _csv(client.get("/structures/export.csv"))
    assert application.structure.siret in content and other_application.structure.siret not in content


def test_xlsx_export(client, application, national_staff):
    client.force_login(national_staff)
    response = client.get("/structures/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        strings = archive.read("xl/sharedStrings.xml").decode()
    assert application.structure.siret in strings and "Postes attribués" in strings


def test_exports_are_refused_to_other_roles(client, application, structure_manager, advisor):
    for user in (structure_manager, advisor):
        client.force_login(user)
        assert client.get("/structures/export.csv").status_code == 403
        assert client.get("/structures/export.xlsx").status_code == 403
    client.logout()
    assert client.get("/structures/export.csv").status_code == 302
