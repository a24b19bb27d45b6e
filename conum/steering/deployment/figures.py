"""Deployment figures (tableau de bord du déploiement): pure query functions, no HTTP.

Every figure is computed by a handful of grouped SQL queries (values + Sum/Count grouped by
département or by structure), so their number never depends on the number of départements or
structures. No activity report is read. Figures are not cached: every query is a grouped
aggregate over indexed foreign keys (at most ~10,000 applications, ~6,000 advisors nationally),
and the national team expects a committee decision to show at once.

Definitions (a structure belongs to the département of its commune, `HostStructure.departement`):

- quota (dotation): `DepartementQuota.posts`; 0 for a département without a quota row.
- posts granted (postes attribués): sum of `posts_granted` of the structures' applications with
  status "validated". The committee's decision and every validated amendment (added or given-back
  posts) are already included in that field by `conum.structures.workflow`.
- advisors in post (en poste): advisors (`Advisor.in_post`) whose current employer is in the territory.
- in training (en formation): advisors in post whose initial training is not completed and who are
  not CCP1-certified (test to pass, training to start, or in progress).
- certified (certifiés): advisors in post holding the CCP1 (`ccp1_certified_on` set).
  In post = in training + training completed (not yet certified) + certified.
- contract breaks (ruptures): contract breaks validated by the national team (`ContractBreak` with
  status "validated"), counted in the territory of the structure that employed the advisor.
- posts held: matches of validated applications holding a post (`POST_HOLDING_STATUSES`: contract
  proposed, hired, break notified — the rule used by the structures' "recruited advisors" hook).
- open posts (postes vacants): posts granted − posts held, never below 0 (per structure, then summed).
- applications by status: number of `StructureApplication` rows per status (every status).
- envelope committed (engagé): sum of `SubsidyAgreement.amount_eur` (the agreement follows amendments);
  paid (versé): sum of `Payment.amount_eur` on those agreements; remaining (reste à verser):
  committed − paid. France-wide, the State envelope and what is left to commit are also given.
- progress: posts granted / quota for a territory; posts granted (and advisors in post) / the
  national target (`ProgrammeParameters.national_target_posts`, 4,000) for France.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Sum

from conum.core.roles import Role
from conum.programme.models import DepartementQuota, ProgrammeParameters
from conum.recruitment.enums import POST_HOLDING_STATUSES, BreakStatus, TrainingState
from conum.recruitment.models import Advisor, ContractBreak, Match, training_state_conditions
from conum.structures.enums import ApplicationStatus
from conum.structures.models import HostStructure, Payment, StructureApplication, SubsidyAgreement
from conum.territories.models import Departement, Region
from conum.territories.text import search_key

ZERO = Decimal(0)
NO_REGION = "Collectivités d'outre-mer (hors région)"


@dataclass
class Figures:
    """The deployment figures of one territory or structure."""

    quota: int = 0
    granted: int = 0
    in_post: int = 0
    in_training: int = 0
    certified: int = 0
    breaks: int = 0
    open_posts: int = 0
    committed: Decimal = ZERO
    paid: Decimal = ZERO
    applications: dict = field(default_factory=dict)  # ApplicationStatus value → count

    @property
    def remaining(self) -> Decimal:
        return self.committed - self.paid

    @property
    def progress(self):
        """Posts granted as a percentage of the quota (None without a quota)."""
        return percent(self.granted, self.quota)

    @property
    def awaiting(self) -> int:
        """Applications awaiting a committee decision (submitted or under further review)."""
        return self.applications.get(ApplicationStatus.SUBMITTED, 0) + self.applications.get(
            ApplicationStatus.FURTHER_REVIEW, 0
        )

    @property
    def validated(self) -> int:
        return self.applications.get(ApplicationStatus.VALIDATED, 0)

    def add(self, other: "Figures") -> None:
        for name in ("quota", "granted", "in_post", "in_training", "certified", "breaks", "open_posts"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.committed += other.committed
        self.paid += other.paid
        for status, count in other.applications.items():
            self.applications[status] = self.applications.get(status, 0) + count

    @property
    def applications_by_status(self) -> list[tuple[str, int]]:
        return [(status.label, self.applications.get(status.value, 0)) for status in ApplicationStatus]


@dataclass
class Row:
    """A line of a table: a territory or a structure, its figures."""

    code: str  # département or région code, or the structure's id
    name: str
    figures: Figures
    parent: str = ""  # région code of a département, commune name of a structure
    link_id: int | None = None  # a structure's latest application, for the drill-down link
    siret: str = ""


def percent(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def total(rows) -> Figures:
    figures = Figures()
    for row in rows:
        figures.add(row.figures)
    return figures


def _grouped_figures(key: str, structures: dict) -> dict:
    """Figures grouped by `key` ("departement" or "id" of HostStructure), for the structures matching
    the `structures` lookups (on HostStructure). Six queries, whatever the number of groups.
    """
    figures = defaultdict(Figures)

    def scoped(prefix):
        # The lookups on HostStructure, re-rooted under `prefix` (e.g. "structure__").
        return {f"{prefix}{name}": value for name, value in structures.items()}

    # Posts granted per structure, so that open posts never go below 0 for a structure.
    granted_by_structure = defaultdict(int)
    group_of = {}
    for group, structure, status, count, granted in (
        StructureApplication.objects.filter(**scoped("structure__"))
        .values_list(f"structure__{key}", "structure", "status")
        .annotate(count=Count("id"), granted=Sum("posts_granted"))
        .order_by()
    ):
        line = figures[group]
        line.applications[status] = line.applications.get(status, 0) + count
        if status == ApplicationStatus.VALIDATED:
            line.granted += granted or 0
            granted_by_structure[structure] += granted or 0
            group_of[structure] = group

    held = dict(
        Match.objects.filter(
            **scoped("application__structure__"),
            application__status=ApplicationStatus.VALIDATED,
            status__in=POST_HOLDING_STATUSES,
        )
        .values_list("application__structure")
        .annotate(count=Count("id"))
        .order_by()
    )
    for structure, granted in granted_by_structure.items():
        figures[group_of[structure]].open_posts += max(0, granted - held.get(structure, 0))

    states = training_state_conditions()
    in_training = (
        states[TrainingState.NOT_POSITIONED] | states[TrainingState.PLANNED] | states[TrainingState.IN_PROGRESS]
    )
    for group, in_post, training, certified in (
        Advisor.objects.in_post()
        .filter(**scoped("structure__"))
        .values_list(f"structure__{key}")
        .annotate(
            in_post=Count("id"),
            training=Count("id", filter=in_training),
            certified=Count("id", filter=states[TrainingState.CERTIFIED]),
        )
        .order_by()
    ):
        line = figures[group]
        line.in_post, line.in_training, line.certified = in_post, training, certified

    for group, count in (
        ContractBreak.objects.filter(
            **scoped("contract__match__application__structure__"), status=BreakStatus.VALIDATED
        )
        .values_list(f"contract__match__application__structure__{key}")
        .annotate(count=Count("id"))
        .order_by()
    ):
        figures[group].breaks = count

    # Committed (agreements) and paid (payments): each model's `amount_eur`, summed by its path to the structure.
    for name, model, path in (
        ("committed", SubsidyAgreement, "application__structure__"),
        ("paid", Payment, "agreement__application__structure__"),
    ):
        for group, amount in (
            model.objects.filter(**scoped(path))
            .values_list(f"{path}{key}")
            .annotate(total=Sum("amount_eur"))
            .order_by()
        ):
            setattr(figures[group], name, amount or ZERO)
    return figures


# --- Scopes -------------------------------------------------------------------------------------------


def visible_departements(user):
    """The départements a user may see on the dashboard (national staff: all; prefecture: its territory)."""
    if user.role == Role.NATIONAL_STAFF:
        return Departement.objects.all()
    if user.role == Role.PREFECTURE_AGENT:
        if user.departement_id:
            return Departement.objects.filter(code=user.departement_id)
        if user.region_id:
            return Departement.objects.filter(region_id=user.region_id)
    return Departement.objects.none()


def visible_regions(user):
    """Régions whose page the user may open: all for the national team, its own for a région agent."""
    if user.role == Role.NATIONAL_STAFF:
        return Region.objects.all()
    if user.role == Role.PREFECTURE_AGENT and user.region_id and not user.departement_id:
        return Region.objects.filter(code=user.region_id)
    return Region.objects.none()


# --- Tables -------------------------------------------------------------------------------------------


def departement_rows(departements) -> list[Row]:
    """One row per département of the queryset (quota 0 and empty figures when nothing happened there)."""
    departements = list(departements.order_by("code").values_list("code", "name", "region_id"))
    codes = [code for code, _, _ in departements]
    quotas = dict(DepartementQuota.objects.filter(departement__in=codes).values_list("departement", "posts"))
    figures = _grouped_figures("departement", {"departement__in": codes})
    rows = []
    for code, name, region in departements:
        line = figures.get(code) or Figures()
        line.quota = quotas.get(code, 0)
        rows.append(Row(code=code, name=name, figures=line, parent=region or ""))
    return rows


def region_rows(rows: list[Row]) -> list[Row]:
    """Département rows summed by région (one query for the régions' names); the overseas collectivities,
    which belong to no région, are summed on a line of their own with an empty code."""
    names = dict(Region.objects.filter(code__in={row.parent for row in rows}).values_list("code", "name"))
    names[""] = NO_REGION
    by_region = {}
    for row in rows:
        region = by_region.setdefault(row.parent, Row(row.parent, names.get(row.parent, ""), Figures()))
        region.figures.add(row.figures)
    # Régions by name, then the overseas collectivities (COM), which belong to no région.
    return sorted(by_region.values(), key=lambda row: (row.code == "", search_key(row.name)))


def structure_rows(departement) -> list[Row]:
    """One row per structure of the département that has applied at least once."""
    structures = list(
        HostStructure.objects.filter(departement=departement, applications__isnull=False)
        .values_list("id", "name", "siret", "commune__name")
        .annotate(latest=Max("applications__id"))
        .order_by("name", "id")
    )
    figures = _grouped_figures("id", {"departement": departement})
    return [
        Row(str(pk), name, figures.get(pk) or Figures(), parent=commune, link_id=latest, siret=siret)
        for pk, name, siret, commune, latest in structures
    ]


def departement_quota(departement) -> int:
    quota = DepartementQuota.objects.filter(departement=departement).values_list("posts", flat=True).first()
    return quota or 0


def national_targets() -> dict:
    """The national target of posts and the State envelope (one query)."""
    parameters = ProgrammeParameters.current()
    return {"target": parameters.national_target_posts, "envelope": parameters.envelope_eur}
