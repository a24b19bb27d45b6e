"""Disclosure: /.well-known/security.txt (RFC 9116) and the page it points to."""

from datetime import UTC, datetime, timedelta

from django.test import override_settings


@override_settings(SITE_URL="https://conum.example.gouv.fr", SECURITY_CONTACT_EMAIL="securite@anct.example")
def test_security_txt_names_a_contact_and_a_future_expiry(client):
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == "mailto:securite@anct.example"
    assert fields["Canonical"] == "https://conum.example.gouv.fr/.well-known/security.txt"
    assert fields["Policy"] == "https://conum.example.gouv.fr/securite/"
    expires = datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    now = datetime.now(UTC)
    assert now + timedelta(days=30) < expires < now + timedelta(days=365)


@override_settings(SECURITY_CONTACT_EMAIL="securite@anct.example")
def test_security_policy_page_says_how_to_report(client):
    response = client.get("/securite/")
    assert response.status_code == 200
    assert "mailto:securite@anct.example" in response.content.decode()
    assert "/securite/" in client.get("/").content.decode()  # linked from every page's footer
