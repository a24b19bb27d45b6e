from django.db import models


class Mobility(models.IntegerChoices):
    """How far a candidate is willing to go, in km; France entière is stored as 0."""

    KM_5 = 5, "5 km"
    KM_10 = 10, "10 km"
    KM_15 = 15, "15 km"
    KM_20 = 20, "20 km"
    KM_40 = 40, "40 km"
    KM_100 = 100, "100 km"
    ANYWHERE = 0, "France entière"


class MatchStatus(models.TextChoices):
    NEW = "new", "Nouvelle"
    SHORTLISTED = "shortlisted", "Présélectionnée"
    DECLINED = "declined", "Écartée"
    CONTRACT_PROPOSED = "contract_proposed", "Contrat proposé"
    HIRED = "hired", "Recruté"
    BREAK_NOTIFIED = "break_notified", "Rupture signalée"
    BREAK_VALIDATED = "break_validated", "Rupture validée"
    ENDED = "ended", "Terminée"
    WITHDRAWN = "withdrawn", "Retirée"


# Matches that matching may create, refresh or withdraw; the others belong to people's decisions.
PROPOSAL_STATUSES = [MatchStatus.NEW, MatchStatus.SHORTLISTED, MatchStatus.DECLINED]
# Matches that hold one of the structure's posts.
POST_HOLDING_STATUSES = [MatchStatus.CONTRACT_PROPOSED, MatchStatus.HIRED, MatchStatus.BREAK_NOTIFIED]


class MatchOrigin(models.TextChoices):
    MATCHING = "matching", "Proposée par Conum"
    MANUAL = "manual", "Ajoutée par la structure"


class ContractType(models.TextChoices):
    CDD = "cdd", "CDD"
    CDI = "cdi", "CDI"
    PEC = "pec", "Parcours emploi compétences"
    PROJECT = "contrat_projet", "Contrat de projet (public)"


class ContractStatus(models.TextChoices):
    PROPOSED = "proposed", "À valider"
    VALIDATED = "validated", "Validé"
    REFUSED = "refused", "Refusé"
    ENDED = "ended", "Terminé"


class BreakReason(models.TextChoices):
    DISMISSAL = "licenciement", "Licenciement"
    RESIGNATION = "demission", "Démission"
    FIXED_TERM_NOT_RENEWED = "non_reconduction_cdd", "Non-reconduction du CDD"
    PERMANENT_CONTRACT = "cdisation", "Passage en CDI (CDIsation)"
    END_OF_FUNDING = "fin_subventionnement", "Fin de subventionnement"
    MUTUAL_AGREEMENT = "rupture_conventionnelle", "Rupture conventionnelle"
    OTHER = "autre", "Autre"


class BreakStatus(models.TextChoices):
    NOTIFIED = "notified", "À valider"
    VALIDATED = "validated", "Validée"
    REFUSED = "refused", "Refusée"


class TrainingState(models.TextChoices):
    """Where an advisor stands in the initial training, derived from the training record."""

    NOT_POSITIONED = "not_positioned", "Test de positionnement à passer"
    PLANNED = "planned", "Formation à démarrer"
    IN_PROGRESS = "in_progress", "En formation"
    COMPLETED = "completed", "Formation terminée"
    CERTIFIED = "certified", "Certifié(e)"
