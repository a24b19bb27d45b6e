"""Creating and revoking API clients (national team only), journaled."""

from django.db import transaction
from django.utils import timezone

from conum.api.models import ApiClient
from conum.core import journal
from conum.core.errors import RuleViolation
from conum.core.roles import Role

JOURNAL_FIELDS = ["name", "owner", "scopes", "prefix", "revoked_at"]


def _check_staff(by):
    if getattr(by, "role", None) != Role.NATIONAL_STAFF:
        raise RuleViolation("Seule l'équipe nationale gère les clients de l'API.")


def create_client(by, name: str, owner, scopes: list[str]) -> tuple[ApiClient, str]:
    """A new client and its token (shown once: only its hash is kept)."""
    _check_staff(by)
    if getattr(owner, "role", None) != Role.ADVISOR:
        raise RuleViolation("Un jeton appartient au compte d'un conseiller numérique.")
    with transaction.atomic():
        client = ApiClient(name=name, owner=owner, scopes=sorted(set(scopes)), created_by=by)
        token = client.set_new_token()
        client.save()
        journal.record(by, "api.client_created", client, None, journal.snapshot(client, JOURNAL_FIELDS))
    return client, token


def revoke_client(by, client: ApiClient) -> ApiClient:
    _check_staff(by)
    with transaction.atomic():
        stored = ApiClient.objects.select_for_update().get(pk=client.pk)
        if stored.revoked_at is not None:
            raise RuleViolation("Ce client est déjà révoqué.")
        stored.revoked_at = timezone.now()
        stored.save(update_fields=["revoked_at"])
        journal.record(by, "api.client_revoked", stored, {"revoked_at": None}, {"revoked_at": stored.revoked_at})
    return stored
