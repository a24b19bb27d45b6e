from django.db import models

from .enums import EpciType, Zone
from .time_zones import local_time


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    # INSEE's "type de nom en clair" (TNCC): the article of the name, for conum.core.french ("du Dorat").
    name_type = models.PositiveSmallIntegerField("type de nom (TNCC)", null=True, blank=True)
    zone = models.CharField(max_length=5, choices=Zone.choices)

    class Meta:
        verbose_name = "région"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Departement(models.Model):
    """A département, or an overseas collectivity (COM), which belongs to no région."""

    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    # INSEE's "type de nom en clair" (TNCC): the article of the name, for conum.core.french ("du Dorat").
    name_type = models.PositiveSmallIntegerField("type de nom (TNCC)", null=True, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="departements")
    zone = models.CharField(max_length=5, choices=Zone.choices)
    chef_lieu_code = models.CharField("chef-lieu (code INSEE)", max_length=5)

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def time_zone(self):
        """Its places' time zone (time_zones.OVERSEAS; Paris time otherwise)."""
        return local_time(self.code).zone


class Epci(models.Model):
    siren = models.CharField("SIREN", max_length=9, primary_key=True)
    name = models.CharField("nom", max_length=200)
    type = models.CharField(max_length=5, choices=EpciType.choices)
    population = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"
        ordering = ["name"]

    def __str__(self):
        return self.name


class CommuneQuerySet(models.QuerySet):
    def with_coordinates(self):
        return self.filter(latitude__isnull=False, longitude__isnull=False)


class Commune(models.Model):
    code = models.CharField("code INSEE", max_length=5, primary_key=True)
    name = models.CharField("nom", max_length=100)
    search_name = models.CharField(max_length=100, editable=False)
    # INSEE's "type de nom en clair" (TNCC): the article of the name, for conum.core.french ("du Dorat").
    name_type = models.PositiveSmallIntegerField("type de nom (TNCC)", null=True, blank=True)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    epci = models.ForeignKey(Epci, on_delete=models.SET_NULL, null=True, blank=True, related_name="communes")
    postal_codes = models.CharField("codes postaux", max_length=200, blank=True)
    population = models.PositiveIntegerField(default=0)
    # Empty for 56 remote overseas communes: "no distance known", never (0, 0).
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        ordering = ["name"]
        indexes = [
            models.Index(fields=["search_name"], name="commune_search_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["latitude", "longitude"], name="commune_lat_lon"),
        ]

    def __str__(self):
        return f"{self.name} ({self.main_postal_code or self.departement_id})"

    @property
    def main_postal_code(self):
        return self.postal_codes.split(" ", 1)[0] if self.postal_codes else ""

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None


class PostalCode(models.Model):
    """One row per (postal code, commune): a postal code serves several communes and vice versa."""

    code = models.CharField(max_length=5, db_index=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postal_code_rows")

    class Meta:
        verbose_name = "code postal"
        constraints = [models.UniqueConstraint(fields=["code", "commune"], name="unique_postal_code_commune")]

    def __str__(self):
        return self.code
