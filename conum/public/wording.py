"""The national schema's values in plain words, for people who are not from the trade."""

from conum.activity.enums import PlacePublic, PlaceService, SpecificSupport

SERVICES = {
    PlaceService.PROCEDURES: "Faire ses démarches en ligne (impôts, CAF, santé, retraite…)",
    PlaceService.EVERYDAY_TOOLS: "Apprendre à se servir d'un smartphone, d'un ordinateur, d'internet",
    PlaceService.EMPLOYMENT: "Chercher un emploi ou une formation en ligne",
    PlaceService.SAFETY: "Se protéger des arnaques et des virus",
    PlaceService.PARENTING: "Accompagner ses enfants dans le numérique",
    PlaceService.LEISURE: "Loisirs et création : photos, vidéos, musique",
    PlaceService.UNDERSTANDING: "Comprendre le numérique et ses enjeux",
    PlaceService.ACCESS: "Accès libre à un ordinateur et à internet",
    PlaceService.EQUIPMENT: "Acheter du matériel informatique à petit prix",
}

PUBLICS = {
    PlacePublic.YOUNG: "Jeunes",
    PlacePublic.STUDENTS: "Étudiants",
    PlacePublic.FAMILIES: "Familles, enfants",
    PlacePublic.SENIORS: "Seniors",
    PlacePublic.WOMEN: "Femmes",
}

SUPPORT = {
    SpecificSupport.MOTOR: "Handicap moteur",
    SpecificSupport.VISUAL: "Déficience visuelle",
    SpecificSupport.DEAFNESS: "Surdité",
    SpecificSupport.MENTAL: "Handicap mental",
    SpecificSupport.ILLITERACY: "Difficultés avec la lecture",
    SpecificSupport.ENGLISH: "Accueil en anglais",
    SpecificSupport.OTHER_LANGUAGES: "Accueil dans d'autres langues",
}


def plain(values, words: dict) -> list[str]:
    """The plain words for stored schema values, unknown values as they are."""
    return [words.get(value, value) for value in values]
