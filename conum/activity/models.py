"""Places of activity, workshops and their registrations, activity reports and their daily rollups."""

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Lower, TruncMonth

from conum.activity import enums
from conum.activity.reports import dimensions
from conum.core.dates import month_start
from conum.core.formatting import day_at
from conum.core.model_fields import ValueListField, has_value
from conum.core.scoping import ScopedQuerySet, StructureScopedQuerySet
from conum.recruitment.models import Advisor
from conum.territories import time_zones


class AdvisorScopedQuerySet(StructureScopedQuerySet):
    """Rows of an advisor's work, kept with the structure it was done for."""

    structure_path = "structure"
    advisor_path = "advisor"


# ---- places ----------------------------------------------------------------------------------------


class PlaceQuerySet(AdvisorScopedQuerySet):
    advisor_path = "advisors"

    def open_to_public(self):
        """Places the public may be sent to: not archived, and receiving people."""
        return self.filter(archived_at__isnull=True).exclude(has_value("access_modes", enums.AccessMode.NO_PUBLIC))


def fixed_place() -> list[str]:
    return [enums.Mobility.FIXED]


class Place(models.Model):
    """A place where advisors receive people (lieu d'activité, permanence), in the national schema's terms."""

    # None: a place imported from the national cartography (conum import_places) that no host structure runs.
    structure = models.ForeignKey(
        "structures.HostStructure", null=True, blank=True, on_delete=models.PROTECT, related_name="places"
    )
    advisors = models.ManyToManyField(Advisor, related_name="places", blank=True)
    name = models.CharField("nom du lieu", max_length=200)
    address = models.CharField("adresse", max_length=300)
    address_complement = models.CharField("complément d'adresse", max_length=200, blank=True)
    commune = models.ForeignKey("territories.Commune", on_delete=models.PROTECT, related_name="+")
    postal_code = models.CharField("code postal", max_length=5)
    # Copied from the commune: scopes and searches filter on these indexed columns.
    departement = models.ForeignKey("territories.Departement", on_delete=models.PROTECT, related_name="+")
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    # Where the coordinates come from: the Base Adresse Nationale's match (and its score), the commune centre, typed.
    geocoding_precision = models.CharField(
        "précision de la position",
        max_length=12,
        choices=enums.GeocodingPrecision.choices,
        default=enums.GeocodingPrecision.MUNICIPALITY,
    )
    geocoding_score = models.FloatField("score du géocodage", null=True, blank=True)
    siret = models.CharField("SIRET du lieu (ou de la structure)", max_length=14)
    typology = models.CharField("type de lieu", max_length=20, choices=enums.PlaceTypology.choices)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("adresse e-mail", blank=True)
    website = models.URLField("site web", blank=True)
    opening_hours = models.CharField("horaires (syntaxe OpenStreetMap)", max_length=500, blank=True)
    services = ValueListField("services", choices_enum=enums.PlaceService)
    publics = ValueListField("publics spécifiquement adressés", choices_enum=enums.PlacePublic)
    specific_support = ValueListField("prise en charge spécifique", choices_enum=enums.SpecificSupport)
    fees = ValueListField("frais à charge", choices_enum=enums.Fee)
    access_modes = ValueListField("modalités d'accès", choices_enum=enums.AccessMode)
    accompaniment_modes = ValueListField("modalités d'accompagnement", choices_enum=enums.AccompanimentMode)
    national_programmes = ValueListField("dispositifs nationaux", choices_enum=enums.NationalProgramme)
    short_presentation = models.CharField("présentation courte", max_length=280, blank=True)
    long_presentation = models.TextField("présentation détaillée", max_length=3000, blank=True)
    accessibility = models.TextField("accessibilité", max_length=1000, blank=True)
    # The rest of the national schema (v1.0.1), exported back as imported: typologies, e-mails and web sites past
    # the first (typology, email, website), mobile places, booking and Acceslibre links, training and labels.
    other_typologies = ValueListField("autres types de lieu")  # data.inclusion codes, verbatim
    other_emails = models.JSONField("autres adresses e-mail", default=list, blank=True)
    other_websites = models.JSONField("autres sites web", default=list, blank=True)
    mobility = ValueListField("itinérance", choices_enum=enums.Mobility, default=fixed_place)
    appointment_url = models.URLField("prise de rendez-vous en ligne", max_length=500, blank=True)
    accesslibre_url = models.URLField("fiche Acceslibre", max_length=500, blank=True)
    training_labels = ValueListField("formations et labels", choices_enum=enums.TrainingLabel)
    other_training_labels = models.CharField("autres formations et labels", max_length=500, blank=True)
    # Imported places (activity/places/importer.py): the producer and its id ("" for places made in Conum), the
    # (source, id) pairs merged into it, the schema's values Conum does not derive, and when it was imported.
    source = models.CharField("source", max_length=100, blank=True)
    source_id = models.CharField("identifiant à la source", max_length=200, blank=True)
    other_sources = models.JSONField("sources fusionnées", default=list, blank=True)  # [[source, id], …]
    parent_structure = models.CharField("structure parente (à la source)", max_length=300, blank=True)
    source_updated_on = models.DateField("mise à jour à la source", null=True, blank=True)
    imported_at = models.DateTimeField("importé le", null=True, blank=True)
    archived_at = models.DateTimeField("archivé le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = "lieu d'activité"
        verbose_name_plural = "lieux d'activité"
        ordering = ["name"]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="place_lat_lon"),
            models.Index(fields=["departement"], name="place_departement"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"], condition=~Q(source_id=""), name="place_source_id_unique"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.departement_id = self.commune.departement_id
        if self.latitude is None or self.longitude is None:  # default: the commune centre
            self.latitude, self.longitude = self.commune.latitude, self.commune.longitude
            self.geocoding_precision, self.geocoding_score = enums.GeocodingPrecision.MUNICIPALITY, None
        # A structure's place is one of the programme's; an imported place without one keeps its source's list.
        if self.structure_id is not None and enums.NationalProgramme.ADVISORS not in self.national_programmes:
            self.national_programmes = [*self.national_programmes, enums.NationalProgramme.ADVISORS]
        super().save(*args, **kwargs)

    @property
    def position_text(self) -> str:
        """How precisely the map places it: "à l'adresse", "au centre de la commune"…"""
        return enums.POSITION_TEXTS.get(self.geocoding_precision, "")

    @property
    def local_time(self):
        """Its time zone, the label pages add to its times and its public holidays (its département's)."""
        return time_zones.local_time(self.departement_id or self.commune.departement_id)

    @property
    def time_zone(self):
        return self.local_time.zone


class DuplicateQuerySet(ScopedQuerySet, models.QuerySet):
    """The review queue of possible duplicates is the national team's alone."""

    def for_national_staff(self, user):
        return self

    def pending(self):
        return self.filter(status=enums.DuplicateStatus.PENDING)


class PlaceDuplicateCandidate(models.Model):
    """Two places that may be one (close names and addresses, a few hundred metres apart), found by an import
    (activity/places/dedup.py): the national team merges them or says they differ; a pair is judged once."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+")  # the one kept on a merge
    other = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+")
    name_score = models.PositiveSmallIntegerField("ressemblance des noms (sur 100)")
    address_score = models.PositiveSmallIntegerField("ressemblance des adresses (sur 100)")
    distance_m = models.PositiveIntegerField("distance (mètres)")
    status = models.CharField(
        "état", max_length=10, choices=enums.DuplicateStatus.choices, default=enums.DuplicateStatus.PENDING
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DuplicateQuerySet.as_manager()

    class Meta:
        verbose_name = "doublon possible de lieux"
        verbose_name_plural = "doublons possibles de lieux"
        constraints = [models.UniqueConstraint(fields=["place", "other"], name="place_duplicate_pair")]
        indexes = [models.Index(fields=["status"], name="place_duplicate_status")]

    def __str__(self):
        return f"Doublon possible n° {self.pk}"


# ---- workshops and registrations -------------------------------------------------------------------


class WorkshopQuerySet(AdvisorScopedQuerySet):
    def upcoming(self, now):
        return self.filter(starts_at__gte=now, cancelled_at__isnull=True)


class Workshop(models.Model):
    """One session (séance) of a workshop; a series shares its `series` identifier."""

    advisor = models.ForeignKey(Advisor, on_delete=models.PROTECT, related_name="workshops")
    structure = models.ForeignKey("structures.HostStructure", on_delete=models.PROTECT, related_name="workshops")
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.PROTECT, related_name="workshops")
    remote_link = models.URLField("lien de connexion (atelier à distance)", blank=True)
    title = models.CharField("titre", max_length=150)
    description = models.TextField("ce que l'on y apprend", max_length=3000)
    themes = ValueListField("thèmes", choices_enum=enums.Theme)
    level = models.CharField("niveau", max_length=15, choices=enums.WorkshopLevel.choices)
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    capacity = models.PositiveSmallIntegerField("nombre de places")
    registration_opens_at = models.DateTimeField("ouverture des inscriptions")
    registration_closes_at = models.DateTimeField("clôture des inscriptions")
    public = models.BooleanField("ouvert au public (sinon sur invitation)", default=True)
    series = models.UUIDField("série", null=True, blank=True, db_index=True)
    what_to_bring = models.CharField("à apporter", max_length=300, blank=True)
    cancelled_at = models.DateTimeField("annulé le", null=True, blank=True)
    cancellation_reason = models.CharField("motif de l'annulation", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        verbose_name = "atelier"
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="workshop_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1, capacity__lte=100), name="workshop_capacity_1_100"),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="workshop_registration_window",
            ),
            models.CheckConstraint(
                condition=Q(place__isnull=False) | ~Q(remote_link=""), name="workshop_place_or_remote"
            ),
        ]
        indexes = [models.Index(fields=["starts_at", "cancelled_at"], name="workshop_upcoming")]

    def __str__(self):
        return f"{self.title} ({day_at(self.starts_at)})"  # local time, as pages show it

    @property
    def time_zone(self):
        """Its place's time zone; a remote session's is its structure's. Its times are shown and typed in it."""
        if self.place_id:
            return self.place.time_zone
        return time_zones.time_zone_for(self.structure.departement_id)

    @property
    def time_label(self) -> str:
        """ "heure de Nouméa" when it is not Paris time, else empty."""
        return time_zones.zone_label(self.time_zone)


def cancellation_token() -> str:
    return secrets.token_urlsafe(24)


class RegistrationQuerySet(StructureScopedQuerySet):
    structure_path = "workshop__structure"
    advisor_path = "workshop__advisor"
    # People's names and contacts: the prefecture sees none.
    for_prefecture_agent = None


class Registration(models.Model):
    """A person registered for a workshop session (from the public site, or added by the advisor)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="registrations")
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom ou initiale", max_length=100)
    email = models.EmailField("adresse e-mail", blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    status = models.CharField("statut", max_length=12, choices=enums.RegistrationStatus.choices)
    walk_in = models.BooleanField("venu(e) sans inscription", default=False)
    consent_at = models.DateTimeField("consentement donné le", null=True, blank=True)
    cancellation_token = models.CharField(max_length=64, unique=True, default=cancellation_token, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription"
        ordering = ["created_at", "pk"]
        constraints = [
            # The same e-mail address registers once per session (a cancelled registration frees it).
            models.UniqueConstraint(
                "workshop",
                Lower("email"),
                condition=~Q(email="") & ~Q(status=enums.RegistrationStatus.CANCELLED),
                name="unique_registration_email",
            ),
        ]
        indexes = [models.Index(fields=["workshop", "status"], name="registration_status")]

    def __str__(self):
        # Anonymous on purpose (journal, logs).
        return f"Inscription n° {self.pk}"


# ---- beneficiary files -----------------------------------------------------------------------------


class BeneficiaryQuerySet(StructureScopedQuerySet):
    """A person's file is shared by the advisors in post of its structure (the team), nobody else: neither the
    structure's managers, nor the prefecture, nor the national team. Anonymised files are nobody's."""

    structure_path = "structure"
    for_national_staff = None
    for_prefecture_agent = None
    for_structure_manager = None

    def for_advisor(self, user):
        return self.filter(
            structure__advisors__user=user, structure__advisors__in_post=True, anonymised_at__isnull=True
        )


class Beneficiary(models.Model):
    """A person accompanied, with their consent (dossier de personne accompagnée): the least data that lets the
    team follow them over several visits (conum/activity/beneficiaries/)."""

    structure = models.ForeignKey("structures.HostStructure", on_delete=models.PROTECT, related_name="beneficiaries")
    created_by = models.ForeignKey(Advisor, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("prénom ou pseudonyme", max_length=100, blank=True)
    email = models.EmailField("adresse e-mail", blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    commune = models.ForeignKey(
        "territories.Commune", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    age_band = models.CharField("tranche d'âge", max_length=15, choices=enums.AgeBand.choices, blank=True)
    themes = ValueListField("ce pour quoi la personne est venue", choices_enum=enums.Theme)
    consent_at = models.DateTimeField("accord de la personne recueilli le")
    consent_by = models.ForeignKey(Advisor, on_delete=models.PROTECT, related_name="+")
    # The last accompaniment linked (or the creation): files untouched for two years are anonymised.
    last_activity_at = models.DateTimeField("dernière activité le")
    anonymised_at = models.DateTimeField("anonymisé le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        verbose_name = "dossier de personne accompagnée"
        verbose_name_plural = "dossiers de personnes accompagnées"
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["anonymised_at", "last_activity_at"], name="beneficiary_activity")]

    def __str__(self):
        # No name on purpose (journal, logs).
        return f"Dossier n° {self.pk}"


# ---- activity reports ------------------------------------------------------------------------------


class ActivityReportQuerySet(AdvisorScopedQuerySet):
    def live(self):
        return self.filter(deleted_at__isnull=True)


class ActivityReport(models.Model):
    """One accompaniment event (compte rendu d'activité), anonymous: no name of the people helped."""

    advisor = models.ForeignKey(Advisor, on_delete=models.PROTECT, related_name="reports")
    # The employer when the report was written: statistics "by structure" stay true after a move.
    structure = models.ForeignKey("structures.HostStructure", on_delete=models.PROTECT, related_name="reports")
    workshop = models.ForeignKey(Workshop, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    # The person's file, when they agreed to one (one-person reports); erasing the file leaves the report anonymous.
    beneficiary = models.ForeignKey(
        Beneficiary, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    date = models.DateField("date")
    kind = models.CharField("type", max_length=12, choices=enums.ReportKind.choices)
    location = models.CharField("lieu", max_length=15, choices=enums.Location.choices)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.PROTECT, related_name="reports")
    # Where the accompaniment took place (the territory rule of DESIGN.md), set by the reports module.
    commune = models.ForeignKey("territories.Commune", on_delete=models.PROTECT, related_name="+")
    duration_minutes = models.PositiveSmallIntegerField("durée (minutes)")
    participants = models.PositiveSmallIntegerField("participants")
    returning_participants = models.PositiveSmallIntegerField("dont déjà accompagnés", default=0)
    themes = ValueListField("thèmes", choices_enum=enums.Theme)
    administrative_themes = ValueListField("démarches administratives", choices_enum=enums.AdministrativeTheme)
    equipment = ValueListField("matériel utilisé", choices_enum=enums.Equipment)
    autonomy = models.CharField("autonomie", max_length=25, choices=enums.Autonomy.choices, blank=True)
    redirections = ValueListField("réorientation", choices_enum=enums.Redirection)
    followup_individual = models.PositiveSmallIntegerField("poursuite en accompagnement individuel", default=0)
    followup_workshop = models.PositiveSmallIntegerField("poursuite en atelier", default=0)
    followup_redirected = models.PositiveSmallIntegerField("réorientés", default=0)
    notes = models.CharField("notes (sans donnée personnelle)", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = ActivityReportQuerySet.as_manager()

    class Meta:
        verbose_name = "compte rendu d'activité"
        verbose_name_plural = "comptes rendus d'activité"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["advisor", "deleted_at", "date"], name="report_advisor_date")]

    def __str__(self):
        return f"CRA n° {self.pk} du {self.date:%d/%m/%Y}"


# People per value: `age_<band>`, `status_<value>` (e.g. `age_18_24`, `status_retraite`).
for _column, _verbose in dimensions.report_columns():
    ActivityReport.add_to_class(_column, models.PositiveSmallIntegerField(_verbose, default=0))


# ---- report reminders ------------------------------------------------------------------------------


class ReportReminder(models.Model):
    """The weekly e-mail of reports owed, sent once per account and week (`conum send_report_reminders`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField("semaine du")  # its Monday
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rappel des comptes rendus"
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="unique_report_reminder")]

    def __str__(self):
        return f"Rappel des comptes rendus, semaine du {self.week:%d/%m/%Y}"


# ---- rollups ---------------------------------------------------------------------------------------


class ActivityRollupQuerySet(AdvisorScopedQuerySet):
    def period_rows(self, start: date, end: date) -> list[models.QuerySet]:
        """The rows to sum for [start, end], each annotated with `period_month` (the first day of the month it
        counts in) and `period_sign` (1: add it; -1: take it away): what conum/activity/reports/statistics.py sums,
        grouped by month and kind. Here simply the daily rows of the period."""
        rows = self.filter(date__gte=start, date__lte=end)
        return [rows.annotate(period_month=TruncMonth("date"), period_sign=Value(1))]


class RollupCounts(models.Model):
    """The count columns every rollup table shares: one per column of the counted dimensions
    (conum/activity/reports/dimensions.py), added below."""

    class Meta:
        abstract = True


for _column in dimensions.COLUMNS:
    RollupCounts.add_to_class(_column, models.PositiveIntegerField(default=0))


class ActivityRollup(RollupCounts):
    """Live reports summed per day × commune of the accompaniment × advisor × kind (reports/rollups.py).

    Updated in the transaction of each report create/edit/delete; statistics read only this table.
    `<dimension>_<value>` columns count reports (themes, equipment, location, redirection, duration band)
    or people (age bands, statuses), as reports/dimensions.py declares.
    """

    date = models.DateField()
    commune = models.ForeignKey("territories.Commune", on_delete=models.PROTECT, related_name="+")
    departement = models.ForeignKey("territories.Departement", on_delete=models.PROTECT, related_name="+")
    advisor = models.ForeignKey(Advisor, on_delete=models.PROTECT, related_name="+")
    structure = models.ForeignKey("structures.HostStructure", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=enums.ReportKind.choices)

    objects = ActivityRollupQuerySet.as_manager()

    class Meta:
        verbose_name = "agrégat quotidien d'activité"
        constraints = [
            models.UniqueConstraint(fields=["date", "commune", "advisor", "kind", "structure"], name="unique_rollup")
        ]
        indexes = [
            models.Index(fields=["departement", "date"], name="rollup_departement_date"),
            models.Index(fields=["advisor", "date"], name="rollup_advisor_date"),
            models.Index(fields=["structure", "date"], name="rollup_structure_date"),
            models.Index(fields=["date"], name="rollup_date"),
        ]

    def __str__(self):
        return f"Activité du {self.date:%d/%m/%Y}, {self.get_kind_display().lower()}, commune {self.commune_id}"


def departement_period_rows(start: date, end: date, where: Q) -> list[models.QuerySet]:
    """The rows per département to sum for [start, end], as ActivityRollupQuerySet.period_rows, of the
    département rows matching `where`: a condition on what the day and the month rows both have
    (`departement`, `departement__region`, `kind`), applied to both.

    The month rows of the whole months, and for a partial month at an edge, its day rows inside the period,
    or its month row minus its day rows outside the period when those are fewer (a period that ends today:
    the days after today have no rows yet). At most two queries, whatever the length of the period."""
    months, added, taken = [], [], []  # months read from month rows; day ranges added, taken away
    month = start.replace(day=1)
    while month <= end:
        last = month_start(month, 1) - timedelta(days=1)
        first_in, last_in = max(start, month), min(end, last)
        inside = (last_in - first_in).days + 1
        if (last - month).days + 1 - inside < inside:  # fewer days outside the period than inside
            months.append(month)
            outside = [(month, first_in - ONE_DAY), (last_in + ONE_DAY, last)]
            taken += [(first_out, last_out) for first_out, last_out in outside if first_out <= last_out]
        else:
            added.append((first_in, last_in))
        month = last + ONE_DAY
    rows = []
    if months:  # contiguous: only the edges may be left out
        month_rows = DepartementMonthRollup.objects.filter(where, month__gte=months[0], month__lte=months[-1])
        rows.append(month_rows.annotate(period_month=F("month"), period_sign=Value(1)))
    if added or taken:
        plus, minus = _days(added), _days(taken)
        sign = Case(When(minus, then=Value(-1)), default=Value(1)) if added and taken else Value(1 if added else -1)
        day_rows = DepartementRollup.objects.filter(where, plus | minus)
        rows.append(day_rows.annotate(period_month=TruncMonth("date"), period_sign=sign))
    return rows


ONE_DAY = timedelta(days=1)


def _days(ranges: list[tuple[date, date]]) -> Q:
    condition = Q()
    for first, last in ranges:
        condition |= Q(date__gte=first, date__lte=last)
    return condition


class DepartementRollup(RollupCounts):
    """The rollups summed per day × département where the accompaniment took place × kind: what the national,
    région and département statistics read (a few hundred rows a day for all France, where the daily rollups
    have one row per advisor and commune). Same count columns as ActivityRollup, kept in the same
    transaction by conum/activity/reports/rollups.py and rebuilt from ActivityRollup. Whole months are read from
    DepartementMonthRollup (see `departement_period_rows`)."""

    date = models.DateField()
    departement = models.ForeignKey("territories.Departement", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=enums.ReportKind.choices)

    class Meta:
        verbose_name = "agrégat quotidien d'activité par département"
        constraints = [
            models.UniqueConstraint(fields=["date", "departement", "kind"], name="unique_departement_rollup")
        ]
        indexes = [models.Index(fields=["departement", "date"], name="deprollup_departement_date")]

    def __str__(self):
        return f"Activité du {self.date:%d/%m/%Y}, {self.get_kind_display().lower()}, département {self.departement_id}"


class DepartementMonthRollup(RollupCounts):
    """The département rows summed per month (`month`: its first day): a 12-month national period reads about
    3,600 of them instead of 110,000 day rows. Same count columns, kept in the same transaction as the day
    rows by conum/activity/reports/rollups.py and rebuilt from them."""

    month = models.DateField()
    departement = models.ForeignKey("territories.Departement", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=enums.ReportKind.choices)

    class Meta:
        verbose_name = "agrégat mensuel d'activité par département"
        constraints = [
            models.UniqueConstraint(fields=["month", "departement", "kind"], name="unique_departement_month_rollup")
        ]
        indexes = [models.Index(fields=["departement", "month"], name="depmonthrollup_departement")]

    def __str__(self):
        return f"Activité de {self.month:%m/%Y}, {self.get_kind_display().lower()}, département {self.departement_id}"


# ---- appointments (activity/appointments/) ---------------------------------------------------------


class AvailabilityQuerySet(AdvisorScopedQuerySet):
    structure_path = "place__structure"


class AvailabilityRule(models.Model):
    """A weekly opening of an advisor for individual appointments at one of its places, cut in slots."""

    advisor = models.ForeignKey(Advisor, on_delete=models.CASCADE, related_name="availability_rules")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="availability_rules")
    weekday = models.PositiveSmallIntegerField("jour de la semaine")  # 0: Monday, as date.weekday()
    start_time = models.TimeField("de")
    end_time = models.TimeField("à")
    slot_minutes = models.PositiveSmallIntegerField("durée d'un rendez-vous (minutes)")
    valid_from = models.DateField("à partir du")
    valid_until = models.DateField("jusqu'au", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AvailabilityQuerySet.as_manager()

    class Meta:
        verbose_name = "disponibilité pour rendez-vous"
        ordering = ["weekday", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="availability_ends_after_start"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="availability_weekday"),
            models.CheckConstraint(condition=Q(slot_minutes__gte=15, slot_minutes__lte=240), name="availability_slot"),
        ]

    def __str__(self):
        return f"Disponibilité n° {self.pk}"


class AvailabilityException(models.Model):
    """Days an advisor takes no appointment (leave, training): every place, or one."""

    advisor = models.ForeignKey(Advisor, on_delete=models.CASCADE, related_name="availability_exceptions")
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    first_day = models.DateField("du")
    last_day = models.DateField("au")
    reason = models.CharField("motif", max_length=12, choices=enums.UnavailabilityReason.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AvailabilityQuerySet.as_manager()

    class Meta:
        verbose_name = "absence"
        ordering = ["first_day", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(last_day__gte=F("first_day")), name="unavailability_days"),
        ]

    def __str__(self):
        return f"Absence n° {self.pk}"


class AppointmentQuerySet(AvailabilityQuerySet):
    # People's names and contacts: the prefecture and the national team see none.
    for_prefecture_agent = None
    for_national_staff = None


class Appointment(models.Model):
    """An individual appointment booked by a person (without an account) on an advisor's free slot."""

    advisor = models.ForeignKey(Advisor, on_delete=models.PROTECT, related_name="appointments")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="appointments")
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    themes = ValueListField("ce pour quoi la personne vient", choices_enum=enums.Theme)
    need = models.CharField("besoin en quelques mots", max_length=300, blank=True)
    first_name = models.CharField("prénom", max_length=100)
    email = models.EmailField("adresse e-mail", blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    status = models.CharField(
        "statut", max_length=12, choices=enums.AppointmentStatus.choices, default=enums.AppointmentStatus.BOOKED
    )
    consent_at = models.DateTimeField("consentement donné le")
    cancellation_token = models.CharField(max_length=64, unique=True, default=cancellation_token, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    report = models.ForeignKey(
        ActivityReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="appointments"
    )
    # The person's file, when they have one (beneficiaries/): the file page lists their appointments.
    beneficiary = models.ForeignKey(
        Beneficiary, null=True, blank=True, on_delete=models.SET_NULL, related_name="appointments"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"
        ordering = ["starts_at", "pk"]
        constraints = [
            # A slot is booked once: a cancelled appointment frees it.
            models.UniqueConstraint(
                fields=["advisor", "starts_at"],
                condition=~Q(status=enums.AppointmentStatus.CANCELLED),
                name="unique_booked_slot",
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="appointment_ends_after_start"),
        ]
        indexes = [models.Index(fields=["advisor", "starts_at"], name="appointment_advisor_start")]

    def __str__(self):
        # Anonymous on purpose (journal, logs).
        return f"Rendez-vous n° {self.pk}"
