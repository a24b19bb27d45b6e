"""Activity statistics for a scope and a period: who may see which scope, and which rollups it reads.

A scope is named in the query string: `perimetre` (national, region, departement, commune, structure,
conseiller, equipe) and `code` (INSEE code of the région, département or commune; number of the structure,
of the advisor, or of the coordinator whose team it is). Without `perimetre`, each role gets its own
default scope (national team: national; prefecture: its département or région; structure: its first
structure; coordinator: its team; advisor: itself).

Territory rule (DESIGN.md): national, région, département and commune scopes count the accompaniments that
took place there, whoever employed the advisor: national, région and département scopes read the rows per
département, chosen by a condition (`departement_period_rows`: month rows for the whole months of the period,
day rows for its edges), the commune scope `ActivityRollup.commune`. The structure scope is the separate, labelled
view by employing structure; the advisor scope counts that advisor's
reports; a coordinator's team counts the reports of the advisors it currently follows.

Who sees what: national team, every scope; prefecture agent, its département(s) or région and the
communes, structures and advisors inside them; structure manager, its structures and their advisors
(only the reports written for its structures); coordinator, its team and each member; advisor, itself.
A scope outside the user's territory is a 404 (not found), a kind of scope that the user never sees is
a 403 (`kinds_for`: its role's kinds, less the région for a département's prefecture), a scope that cannot
exist (unknown code) is a clear message (400). The form offers the same `kinds_for`, nothing that a 403 refuses.
"""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from conum.accounts.models import User
from conum.activity.enums import ReportKind, Theme
from conum.activity.models import ActivityRollup
from conum.activity.reports import statistics as activity_statistics
from conum.core.fields import FrenchDateField
from conum.core.forms import BaseForm
from conum.core.roles import Role
from conum.core.scoping import get_for_user_or_404
from conum.programme.models import ProgrammeParameters
from conum.recruitment.models import Advisor
from conum.structures.models import HostStructure
from conum.territories.models import Commune, Departement, Region

SCOPE_KINDS = {
    "national": "National",
    "region": "Région",
    "departement": "Département",
    "commune": "Commune",
    "structure": "Structure employeuse",
    "conseiller": "Conseiller numérique",
    "equipe": "Équipe d'un coordinateur",
}
TERRITORIAL = {"national", "region", "departement", "commune"}
# The kinds of scope each role may ask for (inside its own territory or structures).
ALLOWED_KINDS = {
    Role.NATIONAL_STAFF: set(SCOPE_KINDS),
    Role.PREFECTURE_AGENT: {"region", "departement", "commune", "structure", "conseiller"},
    Role.STRUCTURE_MANAGER: {"structure", "conseiller"},
    Role.COORDINATOR: {"equipe", "conseiller"},
    Role.ADVISOR: {"conseiller"},
}
READERS = tuple(ALLOWED_KINDS)
MAX_YEARS = 5
TERRITORY_RULE = (
    "accompagnements comptés dans le territoire où ils ont eu lieu, quelle que soit la structure employeuse"
)


def kinds_for(user) -> list[str]:
    """The kinds of scope `user` may open, in SCOPE_KINDS order: what `resolve_scope` accepts and the form offers."""
    allowed = ALLOWED_KINDS.get(user.role, set())
    if user.role == Role.PREFECTURE_AGENT and not user.region_id:
        allowed = allowed - {"region"}  # a département's prefecture has no région to open
    return [kind for kind in SCOPE_KINDS if kind in allowed]


class ScopeError(Exception):
    """A scope that cannot exist (unknown code, wrong format): shown as a message, status 400."""


@dataclass
class Scope:
    kind: str
    code: str
    label: str
    rollups: QuerySet | Q  # daily rows, or a condition on the rows per département (activity_statistics)
    rule: str

    @property
    def slug(self) -> str:
        return f"{self.kind}-{self.code}" if self.code else self.kind


# ---- the form ---------------------------------------------------------------------------------------


class StatisticsForm(BaseForm):
    perimetre = forms.ChoiceField(
        label="Périmètre",
        choices=[("", "Mon périmètre")] + list(SCOPE_KINDS.items()),
        required=False,
        error_messages={"invalid_choice": "Périmètre inconnu : choisissez-en un dans la liste."},
    )
    code = forms.CharField(
        label="Code",
        help_text="Code INSEE de la région, du département ou de la commune ; numéro de la structure, du "
        "conseiller ou du coordinateur.",
        max_length=20,
        required=False,
        error_messages={"max_length": "Le code compte au plus 20 caractères."},
    )
    debut = FrenchDateField(label="Du", required=False)
    fin = FrenchDateField(label="Au", required=False)
    type = forms.ChoiceField(
        label="Type d'accompagnement",
        choices=[("", "Tous les types")] + ReportKind.choices,
        required=False,
        error_messages={"invalid_choice": "Type d'accompagnement inconnu."},
    )
    theme = forms.ChoiceField(
        label="Thématique",
        choices=[("", "Toutes les thématiques")] + Theme.choices,
        required=False,
        error_messages={"invalid_choice": "Thématique inconnue."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The list offers only what the user may open; the field still knows every kind, so that asking for a
        # refused one (a typed address) is a 403, not an unknown choice.
        self.fields["perimetre"].widget.choices = [("", "Mon périmètre")] + [
            (kind, SCOPE_KINDS[kind]) for kind in kinds_for(user)
        ]

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        today, programme_start = timezone.localdate(), ProgrammeParameters.current().programme_start
        start, end = cleaned.get("debut"), cleaned.get("fin")
        end = end or today
        if end < programme_start:
            self.add_error("fin", f"La période finit au plus tôt le {programme_start:%d/%m/%Y}, début du programme.")
            return cleaned
        if start is None:
            start = max(activity_statistics.preset_period(activity_statistics.DEFAULT_PRESET, end)[0], programme_start)
        if start < programme_start:
            self.add_error(
                "debut", f"La période commence au plus tôt le {programme_start:%d/%m/%Y}, début du programme."
            )
        if end > today:
            self.add_error("fin", f"La période finit au plus tard aujourd'hui, le {today:%d/%m/%Y}.")
        if end < start:
            self.add_error("fin", "La fin de la période doit suivre son début : les dates sont inversées.")
        elif (end.year - start.year) * 12 + end.month - start.month >= MAX_YEARS * 12:
            self.add_error("debut", f"La période couvre au plus {MAX_YEARS} ans : choisissez un début plus récent.")
        cleaned["start"], cleaned["end"] = start, end
        return cleaned


# ---- scopes ----------------------------------------------------------------------------------------


def default_scope(user) -> tuple[str, str]:
    if user.role == Role.NATIONAL_STAFF:
        return "national", ""
    if user.role == Role.PREFECTURE_AGENT:
        return ("departement", user.departement_id) if user.departement_id else ("region", user.region_id or "")
    if user.role == Role.STRUCTURE_MANAGER:
        structure = HostStructure.objects.for_user(user).order_by("name", "pk").values_list("pk", flat=True).first()
        if structure is None:
            raise Http404("Aucune structure")
        return "structure", str(structure)
    if user.role == Role.COORDINATOR:
        return "equipe", str(user.pk)
    advisor = Advisor.objects.for_user(user).values_list("pk", flat=True).first()
    if advisor is None:
        raise Http404("Aucun conseiller")
    return "conseiller", str(advisor)


def _number(code: str, what: str) -> int:
    if not code.isdigit() or not 0 < int(code) < 2**31:
        raise ScopeError(f"Indiquez le numéro {what} : un nombre entier (reçu « {code or 'rien'} »).")
    return int(code)


def resolve_scope(user, kind: str, code: str) -> Scope:
    """The scope `kind`/`code` as `user` may see it; PermissionDenied, Http404 or ScopeError otherwise."""
    if kind and kind not in kinds_for(user):
        raise PermissionDenied
    if not kind or not code:
        default_kind, default_code = default_scope(user)
        kind = kind or default_kind
        if kind == default_kind:  # its own kind without a code: its own scope (an advisor's: itself)
            code = default_code
    return RESOLVERS[kind](user, code)


def _national(user, code) -> Scope:
    return Scope("national", "", "France entière", Q(), TERRITORY_RULE)


def _region(user, code) -> Scope:
    if not code and user.role == Role.PREFECTURE_AGENT:
        code = user.region_id or ""
    region = Region.objects.filter(pk=code).first()
    if region is None:
        raise ScopeError(f"Région inconnue : « {code or 'aucun code'} ». Indiquez son code INSEE (par exemple 75).")
    if user.role == Role.PREFECTURE_AGENT and user.region_id != region.pk:
        raise Http404
    return Scope("region", region.pk, f"Région {region.name}", Q(departement__region=region.pk), TERRITORY_RULE)


def _departement(user, code) -> Scope:
    if not code and user.role == Role.PREFECTURE_AGENT and user.departement_id:
        code = user.departement_id
    departement = Departement.objects.filter(pk=code).first()
    if departement is None:
        raise ScopeError(f"Département inconnu : « {code or 'aucun code'} ». Indiquez son code (87, 2A, 971…).")
    if user.role == Role.PREFECTURE_AGENT and departement.pk not in user.departement_codes:
        raise Http404
    label = f"Département {departement.name} ({departement.pk})"
    return Scope("departement", departement.pk, label, Q(departement=departement.pk), TERRITORY_RULE)


def _commune(user, code) -> Scope:
    commune = Commune.objects.filter(pk=code).first()
    if commune is None:
        raise ScopeError(f"Commune inconnue : « {code or 'aucun code'} ». Indiquez son code INSEE à 5 caractères.")
    if user.role == Role.PREFECTURE_AGENT and commune.departement_id not in user.departement_codes:
        raise Http404
    rollups = ActivityRollup.objects.filter(commune=commune.pk)
    return Scope("commune", commune.pk, f"{commune.name} ({commune.pk})", rollups, TERRITORY_RULE)


def _structure(user, code) -> Scope:
    structure = get_for_user_or_404(HostStructure.objects, user, pk=_number(code, "de la structure"))
    rollups = ActivityRollup.objects.filter(structure=structure.pk)
    rule = "comptes rendus écrits pour cette structure employeuse, où que les accompagnements aient eu lieu"
    return Scope("structure", str(structure.pk), f"Structure employeuse {structure.name}", rollups, rule)


def _advisor(user, code) -> Scope:
    advisor = get_for_user_or_404(Advisor.objects.select_related("candidate"), user, pk=_number(code, "du conseiller"))
    rollups = ActivityRollup.objects.filter(advisor=advisor.pk)
    rule = "comptes rendus de ce conseiller"
    if user.role == Role.STRUCTURE_MANAGER:
        # An employer sees the advisor's reports written for its own structures, not for a former employer.
        rollups = rollups.filter(structure__in=HostStructure.objects.for_user(user).values("pk"))
        rule = "comptes rendus de ce conseiller écrits pour votre ou vos structures"
    label = f"Conseiller numérique {advisor.candidate.first_name} {advisor.candidate.last_name}"
    return Scope("conseiller", str(advisor.pk), label, rollups, rule)


def _team(user, code) -> Scope:
    if user.role == Role.COORDINATOR:
        if code and code != str(user.pk):
            raise Http404
        coordinator = user
    else:
        coordinator = User.objects.filter(pk=_number(code, "du coordinateur"), role=Role.COORDINATOR).first()
        if coordinator is None:
            raise ScopeError(f"Aucun coordinateur ne porte le numéro « {code} ».")
    rollups = ActivityRollup.objects.filter(advisor__coordinator=coordinator.pk)
    rule = "comptes rendus des conseillers que ce coordinateur suit aujourd'hui"
    return Scope("equipe", str(coordinator.pk), f"Équipe de {coordinator.get_full_name()}", rollups, rule)


RESOLVERS = {
    "national": _national,
    "region": _region,
    "departement": _departement,
    "commune": _commune,
    "structure": _structure,
    "conseiller": _advisor,
    "equipe": _team,
}


def shortcuts(user, limit: int = 50) -> list[tuple[str, str, str]]:
    """The user's own scopes as (perimetre, code, label), for links: one query at most."""
    if user.role == Role.NATIONAL_STAFF:
        return [("national", "", "France entière")]
    if user.role == Role.PREFECTURE_AGENT:
        links = [("region", user.region_id, "Ma région")] if user.region_id else []
        departements = Departement.objects.filter(pk__in=user.departement_codes).order_by("pk")[:limit]
        return links + [("departement", d.pk, f"{d.name} ({d.pk})") for d in departements]
    if user.role == Role.STRUCTURE_MANAGER:
        structures = HostStructure.objects.for_user(user).order_by("name", "pk").values_list("pk", "name")[:limit]
        return [("structure", str(pk), name) for pk, name in structures]
    if user.role == Role.COORDINATOR:
        members = (
            Advisor.objects.for_user(user)
            .order_by("candidate__last_name", "candidate__first_name", "pk")
            .values_list("pk", "candidate__first_name", "candidate__last_name")[:limit]
        )
        return [("equipe", str(user.pk), "Mon équipe")] + [
            ("conseiller", str(pk), f"{first} {last}") for pk, first, last in members
        ]
    return []


def period_label(start: date, end: date) -> str:
    return f"du {start:%d/%m/%Y} au {end:%d/%m/%Y}"
