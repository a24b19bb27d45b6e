"""A beneficiary file as a write (dossier de personne accompagnée): `parse_beneficiary` reads the raw values into a
`BeneficiaryInput`, with every rule. The file form, the report form (a new person created with the report) and
the tests hand it the same keys: name, email, phone, commune (a Commune or its INSEE code), age_band, themes,
consent (a creation needs the person's agreement, said by the advisor)."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.forms import ValidationError as FormValidationError

from conum.activity import enums
from conum.core.inputs import Reader
from conum.core.phones import normalized_phone
from conum.territories.models import Commune

NAME_MAX = 100
EMAIL_MAX = 254
FIELDS = {"name", "email", "phone", "commune", "age_band", "themes", "consent"}
CONSENT_MISSING = "Un dossier ne se crée qu'avec l'accord de la personne : demandez-le-lui, puis cochez la case."


@dataclass(frozen=True)
class BeneficiaryInput:
    name: str
    email: str = ""
    phone: str = ""
    commune: Commune | None = None
    age_band: str = ""
    themes: list[str] = field(default_factory=list)

    def columns(self) -> dict:
        return {
            "name": self.name, "email": self.email, "phone": self.phone, "commune": self.commune,
            "age_band": self.age_band, "themes": self.themes,
        }  # fmt: skip


def parse_beneficiary(data: Mapping, *, creating: bool, prefix: str = "") -> BeneficiaryInput:
    """Check a file's raw values: the typed input, or InvalidInput with every message (keys: `prefix` + field).

    `creating`: a new file, which needs the person's consent (`consent` true); an edit does not ask again."""
    reader = Reader(data, allowed=FIELDS)
    name = reader.text("name", "Le prénom ou pseudonyme")
    if not name:
        reader.add("name", "Indiquez le prénom ou un pseudonyme de la personne (pas son nom de famille).")
    elif len(name) > NAME_MAX:
        reader.add("name", f"Le prénom ou pseudonyme tient en {NAME_MAX} caractères ({len(name)} saisis).")
    email = reader.text("email", "L'adresse e-mail")
    if len(email) > EMAIL_MAX:
        reader.add("email", f"L'adresse e-mail tient en {EMAIL_MAX} caractères.")
    elif email:
        try:
            validate_email(email)
        except ValidationError:
            reader.add("email", "Cette adresse e-mail n'est pas valide : par exemple prenom@exemple.fr.")
    phone = reader.text("phone", "Le téléphone")
    if phone:
        try:
            phone = normalized_phone(phone)
        except FormValidationError as error:
            reader.add("phone", error.messages[0])
    commune = reader.instance("commune", Commune.objects.all())
    if commune is None and not reader.missing("commune"):
        reader.add("commune", "Cette commune est inconnue : indiquez son code INSEE ou choisissez-la dans la liste.")
    age_band = reader.choice("age_band", enums.AgeBand, "Choisissez une tranche d'âge de la liste.", required=False)
    themes = reader.choices("themes", enums.Theme, "Ce pour quoi la personne est venue")
    if creating and reader.raw("consent") not in (True, "on", "1", "true", 1):
        reader.add("consent", CONSENT_MISSING)
    if prefix:
        reader.errors = {(prefix + key if key else key): messages for key, messages in reader.errors.items()}
    reader.raise_if_any()
    return BeneficiaryInput(name, email, phone, commune, age_band, themes)
