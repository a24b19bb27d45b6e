"""The application form's SIRET lookup: what Sirene knows of the establishment, as the form's values.

"Rechercher ce SIRET" (a submit button: it works without JavaScript) re-renders the form with the name, the
address, the commune and the type of structure Sirene gives, and creates nothing. At submission the same lookup
(cached) refuses a closed establishment. When Sirene is off or does not answer, the form stays usable and says
so; an unknown SIRET is said too, without blocking (non-diffusible establishments are not in the open API).
"""

from dataclasses import dataclass

from conum.core import sirene
from conum.core.reference_http import SIRENE, ServiceUnavailable
from conum.territories.models import Commune
from conum.territories.search import commune_label

from .enums import StructureType

LOOKUP_BUTTON = "rechercher_siret"  # the name of the button that asks for the lookup

UNAVAILABLE = "Le service Sirene ne répond pas : saisissez les informations vous-même."
UNKNOWN = (
    "Ce SIRET n'est pas dans le répertoire Sirene ouvert (les établissements non diffusibles n'y figurent pas) : "
    "vérifiez-le, ou saisissez les informations vous-même."
)

# Legal categories (nature juridique, INSEE) with their type of structure; other 7xxx are public bodies whose type
# the applicant chooses (CCAS, public libraries, schools…).
TYPES = {
    "7210": StructureType.COMMUNE,
    "7220": StructureType.DEPARTEMENT,
    "7225": StructureType.SPECIAL_STATUS,
    "7229": StructureType.SPECIAL_STATUS,
    "7230": StructureType.REGION,
    "7343": StructureType.EPCI,  # communauté urbaine
    "7344": StructureType.EPCI,  # métropole
    "7345": StructureType.EPCI,  # SIVOM
    "7346": StructureType.EPCI,  # communauté de communes
    "7347": StructureType.EPCI,  # communauté de villes
    "7348": StructureType.EPCI,  # communauté d'agglomération
    "7353": StructureType.EPCI,  # SIVU
    "7410": StructureType.GIP,
}


@dataclass(frozen=True)
class Lookup:
    """What the lookup found: `establishment` (None when unknown or unavailable) and the notice to show."""

    establishment: sirene.Establishment | None
    unavailable: bool = False

    @property
    def closed(self) -> bool:
        return self.establishment is not None and self.establishment.closed

    @property
    def notice(self) -> str:
        if self.unavailable:
            return UNAVAILABLE
        if self.establishment is None:
            return UNKNOWN
        if self.closed:
            return ""  # the SIRET field's error says it
        found = self.establishment
        kind = "structure publique" if found.public else "structure privée"
        where = " ".join(part for part in (found.address, found.postal_code, found.city) if part)
        text = f"Trouvé dans le répertoire Sirene : {found.name} ({kind}), {where}. Vérifiez ces informations."
        if not structure_type(found):
            text += " Choisissez le type de structure."
        return text


def enabled() -> bool:
    return SIRENE.enabled


def look_up(siret: str) -> Lookup | None:
    """The lookup of a valid SIRET; None when Sirene is turned off (nothing to say then)."""
    if not enabled():
        return None
    try:
        return Lookup(sirene.lookup(siret))
    except ServiceUnavailable:
        return Lookup(None, unavailable=True)


def structure_type(establishment: sirene.Establishment) -> str:
    """Our type of structure for its legal category; "" for a public body the applicant must classify."""
    if not establishment.public:
        return StructureType.PRIVATE
    return TYPES.get(establishment.legal_category, "")


def prefilled(data, establishment: sirene.Establishment):
    """A copy of the posted `data` (a QueryDict) with what Sirene says of the establishment."""
    data = data.copy()
    data["name"] = establishment.name[:200]
    data["address"] = establishment.address[:300]
    kind = structure_type(establishment)
    if kind:
        data["type"] = kind
    commune = Commune.objects.filter(pk=establishment.commune_code).first() if establishment.commune_code else None
    if commune is not None:
        data["commune"] = commune_label(commune)
        data["commune_choix"] = commune.code
    return data
