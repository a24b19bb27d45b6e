"""What the programme asks higher apps without importing them (Django signals)."""

from django.dispatch import Signal

from .models import DepartementQuota

# Sent with `departement` when its quota is set: each receiver returns the posts already granted there.
count_granted_posts = Signal()


def granted_posts(departement) -> int:
    """Posts already granted in the département: its quota never goes below them."""
    answers = count_granted_posts.send(sender=DepartementQuota, departement=departement)
    return sum(posts for _, posts in answers)
