"""What is left of a département's quota: shown to the committee before it grants posts there."""

from dataclasses import dataclass

from conum.core.formatting import plural, plural_word, thousands
from conum.core.french import de
from conum.programme.models import DepartementQuota

from .models import StructureApplication


@dataclass(frozen=True)
class QuotaLeft:
    departement: object
    quota: int
    granted: int

    @property
    def available(self) -> int:
        return self.quota - self.granted

    def __str__(self):
        """ "Dotation de la Haute-Vienne : 12 postes, 10 attribués, 2 disponibles"."""
        return (
            f"Dotation {de(self.departement)} : {plural(self.quota, 'poste')}, "
            f"{thousands(self.granted)} {plural_word(self.granted, 'attribué')}, "
            f"{thousands(self.available)} {plural_word(self.available, 'disponible')}"
        )


def quota_left(departement) -> QuotaLeft:
    quota = DepartementQuota.objects.filter(departement=departement).values_list("posts", flat=True).first()
    granted = StructureApplication.objects.filter(structure__departement=departement).granted_posts()
    return QuotaLeft(departement, quota or 0, granted)
