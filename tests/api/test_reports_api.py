"""Activity reports through the API: the same rules and messages as the entry form, scopes, ownership."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from conum.activity.models import ActivityReport, ActivityRollup
from conum.activity.reports.inputs import parse_report
from conum.api.models import ApiClient
from conum.core.inputs import InvalidInput
from conum.core.models import Journal
from tests.activity.builders import individual_data, individual_post, save_report, workshop_data
from tests.helpers import page_text

from .conftest import READ, bearer, make_token

URL = "/api/v1/reports"


def as_json(data: dict) -> dict:
    return {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in data.items()}


def post(client, token, data):
    return client.post(URL, json.dumps(as_json(data)), content_type="application/json", **bearer(token))


def put(client, token, pk, data):
    return client.put(f"{URL}/{pk}", json.dumps(as_json(data)), content_type="application/json", **bearer(token))


def test_create_list_get_update(client, token, place, hired_advisor):
    response = post(client, token, individual_data(place))
    assert response.status_code == 201, response.json()
    created = response.json()
    report = ActivityReport.objects.get()
    assert created["id"] == report.pk and report.advisor == hired_advisor
    assert created["commune"] == "87085" and created["themes"] == ["email", "aide_aux_demarches_administratives"]
    assert ActivityRollup.objects.filter(advisor=hired_advisor).exists()  # same transaction as the form's path
    assert Journal.objects.filter(action="activity.report_created").count() == 1

    listed = client.get(URL, **bearer(token)).json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == report.pk
    assert client.get(f"{URL}/{report.pk}", **bearer(token)).json()["duration_minutes"] == 45

    response = put(client, token, report.pk, {"duration_minutes": 90})
    assert response.status_code == 200, response.json()
    report.refresh_from_db()
    assert report.duration_minutes == 90 and report.participants == 1


# Reports the form refuses: the API answers with exactly the messages of `parse_report`, which the form shows.
REFUSED = [
    ("ages do not sum", workshop_data, {"age_non_communique": 0}),
    ("future date", individual_data, {"date": timezone.localdate() + timedelta(days=1)}),
    ("follow-ups > participants", workshop_data, {"followup_workshop": 9}),
    ("unknown field", individual_data, {"name": "Mme Dupont"}),
    ("count as text", workshop_data, {"participants": "six"}),
    ("not a date", individual_data, {"date": "2024-02-31"}),
    ("notes too long", individual_data, {"notes": "x" * 501}),
    ("missing fields", lambda place: {"kind": "individuel"}, {}),
]


@pytest.mark.parametrize("builder, overrides", [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_refused_like_the_form(client, token, place, hired_advisor, builder, overrides):
    data = builder(place, **overrides)
    with pytest.raises(InvalidInput) as refusal:
        parse_report(as_json(data), advisor=hired_advisor)
    form_messages = refusal.value.messages

    response = post(client, token, data)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == form_messages[0]
    assert [error["message"] for error in body["errors"]] == form_messages
    assert not ActivityReport.objects.exists() and not ActivityRollup.objects.exists()


def test_the_form_page_and_the_api_refuse_with_the_same_messages(client, token, place, advisor):
    """The same refused report, typed in the entry form page and sent to the API: the same messages."""
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    client.force_login(advisor)
    form_post = individual_post(place, date=future, themes=[], duration="autre", duration_custom="600")
    page = page_text(client.post("/activite/comptes-rendus/nouveau/?type=individuel", form_post))
    client.logout()
    api_data = individual_data(place, date=future, themes=[], administrative_themes=[], duration_minutes=600)
    response = post(client, token, api_data)
    assert response.status_code == 422
    messages = [error["message"] for error in response.json()["errors"]]
    assert len(messages) == 3
    for message in messages:
        assert message in page
    assert not ActivityReport.objects.exists()


def test_update_refused_like_the_form(client, token, place, hired_advisor, advisor):
    report = save_report(hired_advisor, advisor, individual_data(place))
    response = put(client, token, report.pk, {"followup_redirected": 2})
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "Les personnes qui sont réorientées (2) ne peuvent pas dépasser les participants (1)."
    )
    report.refresh_from_db()
    assert report.followup_redirected == 0


def test_without_write_scope_403(client, read_token, place, hired_advisor, advisor):
    response = post(client, read_token, individual_data(place))
    assert response.status_code == 403
    assert "reports:write" in response.json()["detail"]
    report = save_report(hired_advisor, advisor, individual_data(place))
    assert put(client, read_token, report.pk, {"duration_minutes": 30}).status_code == 403
    assert client.get(URL, **bearer(read_token)).status_code == 200
    assert ActivityReport.objects.count() == 1


def test_without_read_scope_403(client, national_staff, advisor):
    write_only = make_token(national_staff, advisor, scopes=["reports:write"])
    assert client.get(URL, **bearer(write_only)).status_code == 403


def test_missing_invalid_and_revoked_token_401(client, token, national_staff):
    missing = client.get(URL)
    assert missing.status_code == 401 and missing.json()["detail"].startswith("Authentification requise")
    assert missing["WWW-Authenticate"] == "Bearer"
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer n'importe-quoi").status_code == 401
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}x").status_code == 401
    assert client.get(URL, **bearer(token)).status_code == 200
    from conum.api.clients import services as clients

    clients.revoke_client(national_staff, ApiClient.objects.get())
    revoked = client.get(URL, **bearer(token))
    assert revoked.status_code == 401 and "révoqué" in revoked.json()["detail"]


def test_another_advisors_report_404(client, token, national_staff, place, other_advisor, hired_advisor, advisor):
    from tests.activity.factories import PlaceFactory

    theirs_place = PlaceFactory(structure=other_advisor.structure, advisors=[other_advisor], commune_id="23096")
    theirs = save_report(other_advisor, other_advisor.user, individual_data(theirs_place))
    assert client.get(f"{URL}/{theirs.pk}", **bearer(token)).status_code == 404
    assert put(client, token, theirs.pk, {"duration_minutes": 30}).status_code == 404
    assert client.get(URL, **bearer(token)).json()["count"] == 0
    # Their token sees only theirs.
    their_token = make_token(national_staff, other_advisor.user)
    mine = save_report(hired_advisor, advisor, individual_data(place))
    listed = client.get(URL, **bearer(their_token)).json()
    assert [row["id"] for row in listed["results"]] == [theirs.pk]
    assert client.get(f"{URL}/{mine.pk}", **bearer(their_token)).status_code == 404
    # Another advisor's place cannot be used either (the rules' message).
    response = post(client, token, individual_data(theirs_place))
    assert response.status_code == 422
    assert response.json()["detail"] == "Ce lieu ne fait pas partie de vos lieux d'activité."


def test_advisor_not_in_post_403(client, token, place, hired_advisor):
    hired_advisor.in_post = False
    hired_advisor.save(update_fields=["in_post"])
    response = post(client, token, individual_data(place))
    assert response.status_code == 403 and "plus en poste" in response.json()["detail"]


def test_pagination_and_date_filters(client, token, place, hired_advisor, advisor):
    today = timezone.localdate()
    for days in range(1, 6):
        save_report(hired_advisor, advisor, individual_data(place, date=today - timedelta(days=days)))
    first = client.get(URL, {"page_size": 2}, **bearer(token)).json()
    assert first["count"] == 5 and len(first["results"]) == 2 and first["previous"] is None
    assert "page=2" in first["next"] and "page_size=2" in first["next"]
    last = client.get(URL, {"page_size": 2, "page": 3}, **bearer(token)).json()
    assert len(last["results"]) == 1 and last["next"] is None and "page=2" in last["previous"]
    assert client.get(URL, {"page": 9}, **bearer(token)).json()["results"] == []
    dates = [row["date"] for row in first["results"]]
    assert dates == sorted(dates, reverse=True)
    window = {"start": (today - timedelta(days=3)).isoformat(), "end": (today - timedelta(days=2)).isoformat()}
    assert client.get(URL, window, **bearer(token)).json()["count"] == 2
    too_big = client.get(URL, {"page_size": 101}, **bearer(token))
    assert too_big.status_code == 422 and too_big.json()["errors"][0]["field"] == "page_size"


@pytest.mark.parametrize(
    "body",
    ["", "not json", "[]", "null", '{"date": 12}', '{"themes": "email"}', '{"participants": 1.5}'],
)
def test_bad_bodies_are_4xx_and_change_nothing(client, token, place, body):
    response = client.post(URL, body, content_type="application/json", **bearer(token))
    assert 400 <= response.status_code < 500
    assert isinstance(response.json()["detail"], str)
    assert not ActivityReport.objects.exists()


def test_owner_who_is_no_advisor_403(client, national_staff, prefecture_agent):
    from conum.api.models import ApiClient as Model

    stray = Model(name="X", owner=prefecture_agent, scopes=[READ], created_by=national_staff)
    token = stray.set_new_token()
    stray.save()
    response = client.get(URL, **bearer(token))
    assert response.status_code == 403 and "conseiller numérique" in response.json()["detail"]


def test_token_calls_need_no_csrf_token(token, place):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = post(strict, token, individual_data(place))
    assert response.status_code == 201
