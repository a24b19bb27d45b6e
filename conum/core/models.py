from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from .journal_labels import action_label


class JournalIsAppendOnly(Exception):
    """Raised on any attempt to change or remove a journal entry."""


class JournalQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise JournalIsAppendOnly("Les entrées du journal ne peuvent pas être modifiées.")

    def delete(self):
        raise JournalIsAppendOnly("Les entrées du journal ne peuvent pas être supprimées.")

    def about(self, obj):
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class Journal(models.Model):
    """Append-only audit trail: who did what to which object, with the state before and after."""

    created_at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", null=True, blank=True, on_delete=models.PROTECT
    )
    action = models.CharField(max_length=100)
    object_type = models.CharField("type d'objet", max_length=100)
    object_id = models.CharField("identifiant", max_length=64)
    object_repr = models.CharField("objet", max_length=200)
    before = models.JSONField("avant", null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField("après", null=True, blank=True, encoder=DjangoJSONEncoder)
    comment = models.TextField("commentaire", blank=True)

    objects = JournalQuerySet.as_manager()

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="journal_object")]

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise JournalIsAppendOnly("Les entrées du journal ne peuvent pas être modifiées.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise JournalIsAppendOnly("Les entrées du journal ne peuvent pas être supprimées.")

    @property
    def action_label(self) -> str:
        return action_label(self.action)
