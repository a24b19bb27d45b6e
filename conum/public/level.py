"""« Trouver mon niveau » : ten everyday questions in four areas, and a level per area in plain words.

Each answer is worth 2 points (done alone), 1 (done with help) or 0 (never). An area's level comes from
the average of its answers: below 0.75 « débutant », below 1.5 « intermédiaire », else « avancé ». Each
area is one workshop theme, so that the results can recommend workshops at that level and theme.

Pure Python: no view, no form, no database. Nothing here stores anything.
"""

from dataclasses import dataclass
from fractions import Fraction

from conum.activity.enums import Theme, WorkshopLevel

ALONE, WITH_HELP, NEVER = 2, 1, 0
POINTS = (ALONE, WITH_HELP, NEVER)
ANSWERS = {ALONE: "Oui, seul(e)", WITH_HELP: "Oui, avec de l'aide", NEVER: "Non, jamais"}

# Exact fractions: an average of exactly 0.75 or 1.5 is on the upper side, whatever the floats say.
BEGINNER_BELOW = Fraction(3, 4)
INTERMEDIATE_BELOW = Fraction(3, 2)


@dataclass(frozen=True)
class Question:
    key: str  # the form field's name
    text: str
    answers: tuple[str, str, str] = (ANSWERS[ALONE], ANSWERS[WITH_HELP], ANSWERS[NEVER])  # 2, 1, 0 points

    def choices(self) -> list[tuple[int, str]]:
        return list(zip(POINTS, self.answers, strict=True))


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    theme: Theme
    questions: tuple[Question, ...]
    # What the level means for this area and what to do next, in plain words.
    explanations: dict[WorkshopLevel, str]


@dataclass(frozen=True)
class AreaResult:
    key: str
    title: str
    theme: Theme
    level: WorkshopLevel
    level_label: str
    explanation: str
    points: int
    out_of: int


AREAS: tuple[Area, ...] = (
    Area(
        key="appareils",
        title="Se servir d'un smartphone, d'une tablette ou d'un ordinateur",
        theme=Theme.EQUIPMENT,
        questions=(
            Question("q1", "Vous arrive-t-il d'appeler quelqu'un ou d'envoyer un SMS avec un téléphone portable ?"),
            Question("q2", "Vous arrive-t-il d'installer une application sur un smartphone ou une tablette ?"),
            Question("q3", "Vous arrive-t-il de prendre une photo et de la retrouver ensuite sur l'appareil ?"),
        ),
        explanations={
            WorkshopLevel.BEGINNER: "Vous débutez avec les appareils : c'est normal, tout le monde a commencé un "
            "jour. Un atelier « débutant » vous fera gagner en confiance, pas à pas, avec votre propre appareil.",
            WorkshopLevel.INTERMEDIATE: "Vous savez déjà vous servir de votre appareil, parfois avec un coup de "
            "main. Un atelier « intermédiaire » vous aidera à tout faire seul(e).",
            WorkshopLevel.ADVANCED: "Vous êtes à l'aise avec votre appareil. Un atelier « avancé » peut vous "
            "apprendre des astuces, par exemple pour ranger vos photos ou régler votre téléphone.",
        },
    ),
    Area(
        key="internet",
        title="Internet et e-mail",
        theme=Theme.EMAIL,
        questions=(
            Question(
                "q4",
                "Vous arrive-t-il de chercher une information sur internet (un horaire, une adresse, une recette) ?",
            ),
            Question("q5", "Vous arrive-t-il de lire vos e-mails et d'y répondre ?"),
            Question("q6", "Vous arrive-t-il d'envoyer un e-mail avec une pièce jointe (une photo ou un document) ?"),
        ),
        explanations={
            WorkshopLevel.BEGINNER: "Vous débutez avec internet et les e-mails. Un atelier « débutant » vous "
            "montrera, pas à pas, comment chercher une information et envoyer votre premier e-mail.",
            WorkshopLevel.INTERMEDIATE: "Vous utilisez déjà internet et les e-mails, parfois avec de l'aide. Un "
            "atelier « intermédiaire » vous apprendra à envoyer une pièce jointe et à trier vos messages seul(e).",
            WorkshopLevel.ADVANCED: "Vous êtes à l'aise avec internet et les e-mails. Un atelier « avancé » peut "
            "vous faire découvrir d'autres usages, comme les appels en vidéo ou le partage de documents.",
        },
    ),
    Area(
        key="demarches",
        title="Démarches en ligne",
        theme=Theme.ADMINISTRATIVE,
        questions=(
            Question(
                "q7",
                "Vous arrive-t-il de trouver un formulaire sur un site public "
                "(impots.gouv.fr, ameli.fr, caf.fr, service-public.fr) ?",
            ),
            Question(
                "q8",
                "Vous arrive-t-il de faire une démarche en ligne jusqu'au bout, par exemple déclarer vos revenus "
                "ou demander un document ?",
            ),
        ),
        explanations={
            WorkshopLevel.BEGINNER: "Vous débutez avec les démarches en ligne. Un atelier « débutant » vous "
            "montrera où trouver les bons sites et comment vous y connecter, sans vous presser.",
            WorkshopLevel.INTERMEDIATE: "Vous faites déjà des démarches en ligne avec un peu d'aide. Un atelier "
            "« intermédiaire » vous aidera à les mener jusqu'au bout seul(e).",
            WorkshopLevel.ADVANCED: "Vous faites vos démarches en ligne seul(e). Un atelier « avancé » peut vous "
            "aider pour les démarches plus rares, ou pour accompagner un proche.",
        },
    ),
    Area(
        key="arnaques",
        title="Se protéger des arnaques",
        theme=Theme.SECURITY,
        questions=(
            Question(
                "q9",
                "Savez-vous reconnaître un message (SMS ou e-mail) qui cherche à vous tromper, par exemple un faux "
                "colis à payer ou une fausse amende ?",
                ("Oui, seul(e)", "Oui, avec de l'aide", "Non, je ne sais pas"),
            ),
            Question(
                "q10",
                "Vous arrive-t-il de choisir un mot de passe difficile à deviner et de le garder pour vous ?",
            ),
        ),
        explanations={
            WorkshopLevel.BEGINNER: "Les arnaques sur internet sont nombreuses et chacun peut se faire piéger. Un "
            "atelier « débutant » vous apprendra les bons réflexes pour les reconnaître et vous protéger.",
            WorkshopLevel.INTERMEDIATE: "Vous avez déjà de bons réflexes face aux arnaques. Un atelier "
            "« intermédiaire » vous aidera à repérer seul(e) les messages douteux et à protéger vos comptes.",
            WorkshopLevel.ADVANCED: "Vous savez vous protéger des arnaques. Un atelier « avancé » vous tiendra au "
            "courant des nouvelles ruses, et vous pourrez aider vos proches.",
        },
    ),
)

QUESTIONS: tuple[Question, ...] = tuple(question for area in AREAS for question in area.questions)


def level_for(points: int, count: int) -> WorkshopLevel:
    """The level for `points` earned on `count` questions (from 0 to 2 points each)."""
    if count <= 0:
        raise ValueError("Un domaine compte au moins une question.")
    average = Fraction(points, count)
    if average < BEGINNER_BELOW:
        return WorkshopLevel.BEGINNER
    if average < INTERMEDIATE_BELOW:
        return WorkshopLevel.INTERMEDIATE
    return WorkshopLevel.ADVANCED


def assess(answers: dict[str, int]) -> list[AreaResult]:
    """The level of each area, in the order of AREAS, from every question's points (2, 1 or 0) by key.

    Raises ValueError when an answer is missing or is not 0, 1 or 2: the form checks them first."""
    results = []
    for area in AREAS:
        points = 0
        for question in area.questions:
            value = answers.get(question.key)
            if isinstance(value, bool) or value not in POINTS:
                raise ValueError(f"Réponse manquante ou invalide à la question {question.key}.")
            points += value
        level = level_for(points, len(area.questions))
        results.append(
            AreaResult(
                key=area.key,
                title=area.title,
                theme=area.theme,
                level=level,
                level_label=level.label,
                explanation=area.explanations[level],
                points=points,
                out_of=ALONE * len(area.questions),
            )
        )
    return results
