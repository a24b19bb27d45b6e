"""Factories of the activity app (advisors themselves come from tests.recruitment.hiring)."""

import datetime

import factory
from django.utils import timezone

from conum.activity.enums import AccessMode, Fee, PlaceService, PlaceTypology, WorkshopLevel


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "activity.Place"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Médiathèque {n}")
    address = "2 place Aimé Césaire"
    commune_id = "87085"  # Limoges
    postal_code = "87000"
    siret = "21870085600013"
    typology = PlaceTypology.LIBRARY
    opening_hours = "Mo-Fr 09:00-12:00,14:00-17:00"
    services = factory.LazyFunction(lambda: [PlaceService.EVERYDAY_TOOLS, PlaceService.PROCEDURES])
    fees = factory.LazyFunction(lambda: [Fee.FREE])
    access_modes = factory.LazyFunction(lambda: [AccessMode.WALK_IN])

    @factory.post_generation
    def advisors(self, create, extracted, **kwargs):
        if create and extracted:
            self.advisors.set(extracted)


def _tomorrow_at(hour):
    day = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class WorkshopFactory(factory.django.DjangoModelFactory):
    """An upcoming session tomorrow 14:00–16:00, registrations open until tomorrow noon."""

    class Meta:
        model = "activity.Workshop"

    title = "Bien utiliser son smartphone"
    description = "Installer une application, régler son téléphone, envoyer une photo."
    themes = factory.LazyFunction(lambda: ["prendre_en_main_du_materiel"])
    level = WorkshopLevel.BEGINNER
    starts_at = factory.LazyFunction(lambda: _tomorrow_at(14))
    ends_at = factory.LazyFunction(lambda: _tomorrow_at(16))
    capacity = 8
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    registration_closes_at = factory.LazyFunction(lambda: _tomorrow_at(12))
    structure = factory.LazyAttribute(lambda workshop: workshop.advisor.structure)
