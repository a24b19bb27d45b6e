"""The helper every workflow calls to record what it changed."""

from django.forms.models import model_to_dict

from .models import Journal


def snapshot(obj, fields=None) -> dict:
    """The JSON-serialisable values of `fields` (all editable fields by default)."""
    return model_to_dict(obj, fields=fields)


def changes(before: dict, after: dict) -> tuple[dict, dict]:
    """The values that differ between two snapshots: (before, after), for an edit's entry."""
    changed = [name for name in after if before.get(name) != after[name]]
    return {name: before.get(name) for name in changed}, {name: after[name] for name in changed}


def record(
    actor, action: str, obj, before: dict | None = None, after: dict | None = None, comment="", label=None
) -> Journal:
    """Append one entry. `actor` is a user, or None for the system (commands, tasks).

    `label` replaces str(obj) in the entry: pass one without personal data for people's records, since
    the journal is never erased.
    """
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return Journal.objects.create(
        actor=user,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=(label or str(obj))[:200],
        before=before,
        after=after,
        comment=comment,
    )
