"""API clients: a named token of one advisor's account, with scopes, created by the national team.

Only a hash of the token is stored: the secret is shown once, at creation. A token reads
`conum_<prefix>_<secret>`; the prefix finds the row, the SHA-256 of the whole token is compared in constant
time.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

TOKEN_PREFIX = "conum"


class Scope(models.TextChoices):
    REPORTS_READ = "reports:read", "Lire ses comptes rendus d'activité"
    REPORTS_WRITE = "reports:write", "Créer et modifier ses comptes rendus d'activité"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiClientQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiClient(models.Model):
    name = models.CharField("nom du client", max_length=100)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_clients",
        verbose_name="compte du conseiller",
    )
    scopes = models.JSONField("droits", default=list)
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="créé par"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)

    objects = ApiClientQuerySet.as_manager()

    class Meta:
        verbose_name = "client de l'API"
        verbose_name_plural = "clients de l'API"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Client API « {self.name} » ({self.prefix})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def set_new_token(self) -> str:
        """Give the client a new token; returns it (the only time it is readable)."""
        self.prefix = secrets.token_hex(6)
        token = f"{TOKEN_PREFIX}_{self.prefix}_{secrets.token_urlsafe(32)}"
        self.token_hash = token_hash(token)
        return token

    def matches(self, token: str) -> bool:
        return hmac.compare_digest(self.token_hash, token_hash(token))

    @classmethod
    def from_token(cls, token: str) -> "ApiClient | None":
        """The active client of a token; None for a malformed, unknown or revoked token."""
        parts = token.split("_", 2)
        if len(parts) != 3 or parts[0] != TOKEN_PREFIX or len(parts[1]) != 12:
            return None
        client = cls.objects.active().select_related("owner").filter(prefix=parts[1]).first()
        if client is None or not client.matches(token):
            return None
        return client

    def touch(self) -> None:
        """Record the use (at most once a minute, to spare writes)."""
        now = timezone.now()
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() > 60:
            type(self).objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
