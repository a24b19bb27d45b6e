"""The activity vocabulary: reports and workshops (../shared/REFERENCE.md), places (national open-data schema
"standard de données des lieux de médiation numérique" v1.0.1, values verbatim)."""

from django.db import models

# ---- activity reports ------------------------------------------------------------------------------


class ReportKind(models.TextChoices):
    INDIVIDUAL = "individuel", "Accompagnement individuel"
    WORKSHOP = "collectif", "Atelier collectif"
    ONE_OFF = "ponctuel", "Demande ponctuelle"


class Location(models.TextChoices):
    PLACE = "lieu_activite", "Lieu d'activité"
    HOME = "domicile", "À domicile"
    REMOTE = "a_distance", "À distance"
    OTHER = "autre", "Autre lieu"


DURATION_PRESETS = [15, 30, 45, 60, 90, 120]
MAX_DURATION_MINUTES = 480


class DurationBand(models.TextChoices):
    """Bands for statistics, from the duration in minutes; each value states its limits."""

    UP_TO_30 = "0_30", "30 minutes ou moins"
    UP_TO_60 = "30_60", "De 30 minutes à 1 heure"
    UP_TO_120 = "60_120", "De 1 à 2 heures"
    MORE = "120_plus", "Plus de 2 heures"

    @property
    def limits(self) -> tuple[int | None, int | None]:
        """(longest duration below the band, longest in it) in minutes, read from the value: "30_60" is 31 to
        60 minutes; None: no limit (the first band takes any duration up to its longest, the last any above)."""
        lower, upper = self.value.split("_")
        first = self == next(iter(type(self)))
        return (None if first else int(lower)), (None if upper == "plus" else int(upper))

    @classmethod
    def of(cls, minutes: int) -> "DurationBand":
        return next(band for band in cls if band.limits[1] is None or minutes <= band.limits[1])


class AgeBand(models.TextChoices):
    UNDER_12 = "moins_12", "Moins de 12 ans"
    FROM_12_TO_17 = "12_17", "12–17 ans"
    FROM_18_TO_24 = "18_24", "18–24 ans"
    FROM_25_TO_39 = "25_39", "25–39 ans"
    FROM_40_TO_59 = "40_59", "40–59 ans"
    FROM_60_TO_69 = "60_69", "60–69 ans"
    OVER_70 = "70_plus", "70 ans et plus"
    UNKNOWN = "non_communique", "Non communiqué"


class SocialStatus(models.TextChoices):
    PUPIL = "scolarise", "Scolarisé(e)"
    UNEMPLOYED = "sans_emploi", "Sans emploi"
    EMPLOYED = "en_emploi", "En emploi"
    RETIRED = "retraite", "Retraité(e)"
    UNKNOWN = "non_communique", "Non communiqué ou hétérogène"


class Theme(models.TextChoices):
    DIAGNOSTIC = "diagnostic_numerique", "Diagnostic numérique"
    EQUIPMENT = "prendre_en_main_du_materiel", "Prendre en main du matériel"
    MAINTENANCE = "maintenance_de_materiel", "Maintenance de matériel"
    CONTENTS = "gerer_ses_contenus_numeriques", "Gérer ses contenus numériques"
    BROWSING = "navigation_sur_internet", "Navigation sur internet"
    EMAIL = "email", "E-mail"
    OFFICE = "bureautique", "Bureautique"
    SOCIAL_NETWORKS = "reseaux_sociaux", "Réseaux sociaux communication"
    HEALTH = "sante", "Santé"
    BANKING = "banque_et_achats_en_ligne", "Banque et achats en ligne"
    BUSINESS = "entrepreneuriat", "Accompagner un professionnel"
    EMPLOYMENT = "insertion_professionnelle", "Insertion professionnelle"
    SECURITY = "securite_numerique", "Prévention en sécurité numérique"
    PARENTING = "parentalite", "Parentalité"
    SCHOOL = "scolarite_et_numerique", "Scolarité et numérique"
    CREATION = "creer_avec_le_numerique", "Créer avec le numérique"
    CULTURE = "culture_numerique", "Culture numérique"
    AI = "intelligence_artificielle", "Intelligence artificielle (IA)"
    ADMINISTRATIVE = "aide_aux_demarches_administratives", "Aide aux démarches administratives"


class AdministrativeTheme(models.TextChoices):
    PAPERS = "papiers_elections_citoyennete", "Papiers - Élections - Citoyenneté"
    FAMILY = "famille_scolarite", "Famille - Scolarité"
    SOCIAL = "social_sante", "Social - Santé"
    WORK = "travail_formation", "Travail - Formation - Entreprise"
    HOUSING = "logement", "Logement"
    TRANSPORT = "transports_mobilite", "Transports - Mobilité"
    MONEY = "argent_impots", "Argent - Impôts"
    JUSTICE = "justice", "Justice"
    FOREIGNERS = "etrangers_europe", "Étrangers - Europe"
    LEISURE = "loisirs_sports_culture", "Loisirs - Sports - Culture"
    ASSOCIATIONS = "associations", "Associations"


class Equipment(models.TextChoices):
    COMPUTER = "ordinateur", "Ordinateur"
    PHONE = "telephone", "Téléphone"
    TABLET = "tablette", "Tablette"
    OTHER = "autre", "Autre"
    NONE = "aucun", "Pas de matériel"


class Autonomy(models.TextChoices):
    GUIDED = "entierement_accompagne", "Avec guidage"
    PARTLY = "partiellement_autonome", "Autonome avec guidage en cas de besoin"
    AUTONOMOUS = "autonome", "Autonome"


class Redirection(models.TextChoices):
    ADMINISTRATION = "administration", "Administration (mairie, préfecture…)"
    MEDIATION = "mediation_numerique", "Médiation numérique"
    OPERATOR = "operateur_ou_organisme_en_charge", "Opérateur ou organisme en charge"
    SOCIAL = "aide_sociale", "Aide sociale"
    EMPLOYMENT = "insertion_professionnelle", "Insertion professionnelle"
    PROCEDURES = "aide_aux_demarches_administratives", "Aide aux démarches administratives (France Services…)"
    OTHER = "autre", "Autre"


# ---- workshops -------------------------------------------------------------------------------------


class WorkshopLevel(models.TextChoices):
    BEGINNER = "debutant", "Débutant"
    INTERMEDIATE = "intermediaire", "Intermédiaire"
    ADVANCED = "avance", "Avancé"


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Inscrit(e)"
    WAITLISTED = "waitlisted", "Liste d'attente"
    CANCELLED = "cancelled", "Annulée"
    ATTENDED = "attended", "Présent(e)"
    ABSENT = "absent", "Absent(e)"


# Registrations that hold a seat (capacity counts them); waitlisted ones wait for one.
SEAT_HOLDING_STATUSES = [RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED, RegistrationStatus.ABSENT]


# ---- places: the national schema's vocabularies ----------------------------------------------------


class PlaceService(models.TextChoices):
    PROCEDURES = "Aide aux démarches administratives", "Aide aux démarches administratives"
    EVERYDAY_TOOLS = "Maîtrise des outils numériques du quotidien", "Maîtrise des outils numériques du quotidien"
    EMPLOYMENT = "Insertion professionnelle via le numérique", "Insertion professionnelle via le numérique"
    SAFETY = "Utilisation sécurisée du numérique", "Utilisation sécurisée du numérique"
    PARENTING = "Parentalité et éducation avec le numérique", "Parentalité et éducation avec le numérique"
    LEISURE = "Loisirs et créations numériques", "Loisirs et créations numériques"
    UNDERSTANDING = "Compréhension du monde numérique", "Compréhension du monde numérique"
    ACCESS = "Accès internet et matériel informatique", "Accès internet et matériel informatique"
    EQUIPMENT = (
        "Acquisition de matériel informatique à prix solidaire",
        "Acquisition de matériel informatique à prix solidaire",
    )


class PlacePublic(models.TextChoices):
    YOUNG = "Jeunes", "Jeunes"
    STUDENTS = "Étudiants", "Étudiants"
    FAMILIES = "Familles et/ou enfants", "Familles et/ou enfants"
    SENIORS = "Seniors", "Seniors"
    WOMEN = "Femmes", "Femmes"


class SpecificSupport(models.TextChoices):
    DEAFNESS = "Surdité", "Surdité"
    MOTOR = "Handicaps moteurs", "Handicaps moteurs"
    MENTAL = "Handicaps mentaux", "Handicaps mentaux"
    ILLITERACY = "Illettrisme", "Illettrisme"
    ENGLISH = "Langues étrangères (anglais)", "Langues étrangères (anglais)"
    OTHER_LANGUAGES = "Langues étrangères (autres)", "Langues étrangères (autres)"
    VISUAL = "Déficience visuelle", "Déficience visuelle"


class Fee(models.TextChoices):
    FREE = "Gratuit", "Gratuit"
    FREE_UNDER_CONDITIONS = "Gratuit sous condition", "Gratuit sous condition"
    PAID = "Payant", "Payant"


class AccessMode(models.TextChoices):
    WALK_IN = "Se présenter", "Se présenter"
    PHONE = "Téléphoner", "Téléphoner"
    EMAIL = "Contacter par mail", "Contacter par mail"
    ONLINE_BOOKING = "Prendre un RDV en ligne", "Prendre un RDV en ligne"
    NO_PUBLIC = "Ce lieu n'accueille pas de public", "Ce lieu n'accueille pas de public"
    PRESCRIPTION = "Envoyer un mail avec une fiche de prescription", "Envoyer un mail avec une fiche de prescription"


class AccompanimentMode(models.TextChoices):
    AUTONOMOUS = "En autonomie", "En autonomie"
    INDIVIDUAL = "Accompagnement individuel", "Accompagnement individuel"
    WORKSHOP = "Dans un atelier collectif", "Dans un atelier collectif"
    REMOTE = "À distance", "À distance"


class NationalProgramme(models.TextChoices):
    AIDANTS_CONNECT = "Aidants Connect", "Aidants Connect"
    LIBRARIES = "Bibliothèques numérique de référence", "Bibliothèques numérique de référence"
    PIX = "Certification PIX", "Certification PIX"
    ADVISORS = "Conseillers numériques", "Conseillers numériques"
    EMMAUS = "Emmaüs Connect", "Emmaüs Connect"
    FRANCE_SERVICES = "France Services", "France Services"
    GEN = "Grande école du numérique", "Grande école du numérique"
    RED_CROSS = "La Croix Rouge", "La Croix Rouge"
    CAF = "Point d'accès numérique CAF", "Point d'accès numérique CAF"
    PROMENEURS = "Promeneurs du net", "Promeneurs du net"
    EMMAUS_RELAY = "Relais numérique (Emmaüs Connect)", "Relais numérique (Emmaüs Connect)"


class PlaceTypology(models.TextChoices):
    """The most frequent data.inclusion structure typologies (the schema points to that vocabulary)."""

    TOWN_HALL = "MUNI", "Mairie, commune"
    EPCI = "EPCI", "Intercommunalité (EPCI)"
    CCAS = "CCAS", "Centre communal d'action sociale"
    LIBRARY = "BIB", "Bibliothèque, médiathèque"
    FRANCE_SERVICES = "MDS", "France Services"
    THIRD_PLACE = "TIERS_LIEUX", "Tiers-lieu, fablab"
    SOCIAL_CENTRE = "CS", "Centre social"
    ASSOCIATION = "ASSO", "Association"
    DEPARTEMENT = "DEPT", "Conseil départemental"
    YOUTH = "PIJ_BIJ", "Point ou bureau information jeunesse"
    OTHER = "AUTRE", "Autre"


class Mobility(models.TextChoices):
    """The schema's `itinerance`: a mobile place (a bus with several stops) or a fixed one."""

    MOBILE = "Itinérant", "Itinérant (bus, camion, caravane numérique…)"
    FIXED = "Fixe", "Fixe"


class TrainingLabel(models.TextChoices):
    """The schema's `formations_labels`, verbatim."""

    MON_ESPACE_SANTE = "Formé à « Mon Espace Santé »", "Formé à « Mon Espace Santé »"
    DUPLEX = "Formé à « DUPLEX » (illettrisme)", "Formé à « DUPLEX » (illettrisme)"
    ARNIA = "Arnia/MedNum BFC (Bourgogne-Franche-Comté)", "Arnia/MedNum BFC (Bourgogne-Franche-Comté)"
    REEMPLOI = (
        "Collectif ressources et acteurs réemploi (Normandie)",
        "Collectif ressources et acteurs réemploi (Normandie)",
    )
    FABRIQUES = "Fabriques de Territoire", "Fabriques de Territoire"
    ECLAIREURS = "Les Éclaireurs du numérique (Drôme)", "Les Éclaireurs du numérique (Drôme)"
    MES_PAPIERS = "Mes Papiers (Métropole de Lyon)", "Mes Papiers (Métropole de Lyon)"
    ORDI = "ORDI 3.0", "ORDI 3.0"
    SUD_LABS = "SUD LABS (PACA)", "SUD LABS (PACA)"


class DuplicateStatus(models.TextChoices):
    PENDING = "pending", "À examiner"
    MERGED = "merged", "Fusionnés"
    DISTINCT = "distinct", "Deux lieux différents"


class GeocodingPrecision(models.TextChoices):
    """How precisely a place's coordinates locate it: the Base Adresse Nationale's result types, or typed."""

    HOUSENUMBER = "housenumber", "numéro"
    STREET = "street", "rue"
    LOCALITY = "locality", "lieu-dit"
    MUNICIPALITY = "municipality", "centre de la commune"
    MANUAL = "manual", "coordonnées saisies"


# "Position : …" on a place's pages.
POSITION_TEXTS = {
    GeocodingPrecision.HOUSENUMBER: "à l'adresse",
    GeocodingPrecision.STREET: "dans la rue (numéro non trouvé)",
    GeocodingPrecision.LOCALITY: "au lieu-dit",
    GeocodingPrecision.MUNICIPALITY: "au centre de la commune",
    GeocodingPrecision.MANUAL: "aux coordonnées saisies",
}


# ---- appointments ----------------------------------------------------------------------------------


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", "Réservé"
    CANCELLED = "cancelled", "Annulé"
    ATTENDED = "attended", "Venu(e)"
    ABSENT = "absent", "Absent(e)"


class UnavailabilityReason(models.TextChoices):
    LEAVE = "conge", "Congé"
    TRAINING = "formation", "Formation"
    OTHER = "autre", "Autre absence"
