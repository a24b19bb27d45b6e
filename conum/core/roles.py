"""The roles of Conum's users.

Roles live here, in the lowest layer, so that every app can restrict its views and
scope its querysets without importing the accounts app.
"""

from django.db import models


class Role(models.TextChoices):
    CANDIDATE = "candidate", "Candidat"
    STRUCTURE_MANAGER = "structure_manager", "Structure d'accueil"
    PREFECTURE_AGENT = "prefecture_agent", "Préfecture"
    NATIONAL_STAFF = "national_staff", "Équipe nationale"
    ADVISOR = "advisor", "Conseiller numérique"
    COORDINATOR = "coordinator", "Coordinateur"
