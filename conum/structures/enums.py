from django.db import models


class StructureType(models.TextChoices):
    COMMUNE = "commune", "Commune"
    EPCI = "epci", "EPCI (intercommunalité)"
    DEPARTEMENT = "departement", "Département"
    REGION = "region", "Région"
    SPECIAL_STATUS = "collectivite_statut_particulier", "Collectivité à statut particulier"
    GIP = "gip", "GIP"
    PRIVATE = "private", "Structure privée (association, entreprise de l'ESS, fondation)"


class NationalNetwork(models.TextChoices):
    CROIX_ROUGE = "croix_rouge", "Croix-Rouge"
    EMMAUS_CONNECT = "emmaus_connect", "Emmaüs Connect"
    LA_POSTE = "la_poste", "La Poste"
    UNAF = "unaf", "UNAF"
    FAMILLES_RURALES = "familles_rurales", "Familles rurales"
    PIMMS = "pimms", "PIMMS"
    GROUPE_SOS = "groupe_sos", "Groupe SOS"
    OTHER = "autre", "Autre"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Déposée"
    VALIDATED = "validated", "Validée"
    FURTHER_REVIEW = "further_review", "En examen complémentaire"
    REFUSED = "refused", "Refusée"
    ABANDONED = "abandoned", "Abandonnée"
    CANCELLED = "cancelled", "Annulée"
    DUPLICATE = "duplicate", "Doublon"


# An application that still counts: the SIRET cannot apply again while one exists.
LIVE_STATUSES = [ApplicationStatus.SUBMITTED, ApplicationStatus.VALIDATED, ApplicationStatus.FURTHER_REVIEW]
# The committee decides on these.
UNDECIDED_STATUSES = [ApplicationStatus.SUBMITTED, ApplicationStatus.FURTHER_REVIEW]


class Verdict(models.TextChoices):
    FAVOURABLE = "favourable", "Favorable"
    UNFAVOURABLE = "unfavourable", "Défavorable"


class AmendmentKind(models.TextChoices):
    ADD = "add", "Ajout de postes"
    GIVE_BACK = "give_back", "Retrait de postes"


class AmendmentReason(models.TextChoices):
    END_OF_FUNDING = "fin_subventionnement", "Fin de subventionnement"
    RECRUITMENT_DIFFICULTIES = "difficultes_recrutement", "Difficultés de recrutement"
    PROJECT_CHANGE = "changement_projet", "Changement de projet"
    BUDGET = "contraintes_budgetaires", "Contraintes budgétaires"
    OTHER = "autre", "Autre"


class AmendmentStatus(models.TextChoices):
    SUBMITTED = "submitted", "Déposé"
    VALIDATED = "validated", "Validé"
    REFUSED = "refused", "Refusé"
