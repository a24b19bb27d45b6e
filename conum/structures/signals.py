"""What the structures workflow tells and asks higher apps (Django signals), and its answer to the programme."""

from functools import partial

from django.db import transaction
from django.dispatch import Signal, receiver

from conum.programme.signals import count_granted_posts

from .models import StructureApplication

# Sent after commit, with `application_id`, whenever an application's granted posts change.
granted_posts_changed = Signal()
# Sent with `application`: each receiver returns how many of its posts hold recruited advisors.
count_recruited_advisors = Signal()


def posts_changed(application) -> None:
    """Send `granted_posts_changed` once the transaction commits (matching must see the new posts)."""
    transaction.on_commit(
        partial(granted_posts_changed.send, sender=StructureApplication, application_id=application.pk)
    )


def recruited_advisors(application) -> int:
    """Posts of the application held by recruited advisors: granted posts never go below it."""
    answers = count_recruited_advisors.send(sender=StructureApplication, application=application)
    return sum(count for _, count in answers)


@receiver(count_granted_posts, dispatch_uid="structures_granted_posts")
def granted_posts(sender, departement, **kwargs) -> int:
    """The answer to the programme's `count_granted_posts`: posts granted to the département's structures."""
    return StructureApplication.objects.filter(structure__departement=departement).granted_posts()
