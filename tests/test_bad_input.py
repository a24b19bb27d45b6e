"""Junk in URLs, query strings and forms never gives a 500 (NUL bytes, oversized text, wrong types)."""

import pytest

from conum.programme.models import DepartementQuota, ProgrammeParameters

JUNK = ["\x00", "a\x00b", "x" * 5000, "'; DROP TABLE territories_commune; --", "💥", "%", "_", "87200\x00"]


@pytest.mark.parametrize("junk", JUNK)
def test_public_pages_and_api_survive_junk(client, territories, junk):
    for url, params in [
        ("/territoires/communes/", {"q": junk}),
        ("/territoires/communes/87085/", {"vers": junk, "vers_choix": junk, "rayon": junk}),
        ("/api/v1/communes", {"q": junk, "limit": junk}),
        ("/compte/connexion/", {"next": junk}),
    ]:
        response = client.get(url, params)
        assert response.status_code in (200, 422), (url, junk, response.status_code)


@pytest.mark.parametrize(
    "path", ["/territoires/communes/%00/", "/territoires/communes/8708%00/", "/programme/dotations/%00/"]
)
def test_junk_codes_in_urls_are_404(client, programme, national_staff, path):
    client.force_login(national_staff)
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("junk", JUNK)
def test_login_and_reset_survive_junk(client, db, junk):
    assert client.post("/compte/connexion/", {"username": junk, "password": junk}).status_code == 200
    assert client.post("/compte/mot-de-passe-oublie/", {"email": junk}).status_code == 200


@pytest.mark.parametrize("junk", JUNK)
def test_staff_forms_survive_junk_and_change_nothing(client, programme, national_staff, junk):
    client.force_login(national_staff)
    fields = ["national_target_posts", "envelope_eur", "subsidy_per_post_public_eur", "programme_start"]
    assert client.post("/programme/", dict.fromkeys(fields, junk)).status_code == 200
    assert client.post("/programme/smic/", {"effective_date": junk, "monthly_gross_eur": junk}).status_code == 200
    assert client.post("/programme/dotations/87/", {"posts": junk}).status_code == 200
    tracks = {"form-TOTAL_FORMS": junk, "form-INITIAL_FORMS": junk, "form-0-hours": junk}
    assert client.post("/programme/parcours-de-formation/", tracks).status_code == 200
    assert ProgrammeParameters.current().national_target_posts == 4000
    assert DepartementQuota.objects.get(departement="87").posts == 36


@pytest.mark.parametrize("junk", JUNK)
def test_structures_forms_survive_junk(client, programme, national_staff, prefecture_agent, junk):
    from conum.structures.models import HostStructure
    from tests.factories import ApplicationFactory

    fields = ["siret", "name", "type", "commune", "commune_choix", "contact_email", "contact_phone", "posts_requested",
              "mission_start", "motivation", "network", "commitment_free"]  # fmt: skip
    assert client.post("/structures/candidater/", dict.fromkeys(fields, junk)).status_code == 200
    assert not HostStructure.objects.exists()
    application = ApplicationFactory()
    url = f"/structures/candidatures/{application.pk}/"
    client.force_login(prefecture_agent)
    assert (
        client.post(url, {"action": "opinion", "verdict": junk, "posts_recommended": junk, "comment": junk}).status_code
        == 200
    )
    assert (
        client.get("/structures/prefecture/", {"status": junk, "type": junk, "q": junk, "page": junk}).status_code
        == 200
    )
    client.force_login(national_staff)
    for action in ("decision", "payment", junk):
        data = {"action": action, "outcome": junk, "posts": junk, "committee_number": junk, "committee_date": junk,
                "paid_on": junk, "amount_eur": junk, "reference": junk}  # fmt: skip
        assert client.post(url, data).status_code == 200
    batch = {"outcome": junk, "committee_number": junk, "committee_date": junk, "applications": [junk]}
    assert client.post("/structures/comite/", batch).status_code == 200
    assert client.get("/structures/export.csv", {"status": junk, "q": junk}).status_code == 200
    application.refresh_from_db()
    assert application.status == "submitted" and not application.opinions.exists()


@pytest.mark.parametrize("junk", JUNK)
def test_candidate_form_survives_junk(client, programme, junk):
    from conum.recruitment.models import Candidate

    fields = ["first_name", "email", "phone", "commune", "commune_choix", "mobility_km", "available_from",
              "has_experience", "motivation", "pix_level_1"]  # fmt: skip
    assert client.post("/recrutement/candidater/", dict.fromkeys(fields, junk)).status_code == 200
    assert client.get(f"/recrutement/confirmer/{junk}/{junk}/").status_code in (400, 404)
    assert not Candidate.objects.exists()
