"""The structure's candidate list as exported: the people proposed to it, with their contact details."""

from .enums import MatchStatus

HEADER = [
    "Prénom", "Nom", "Commune", "Code INSEE", "Distance (km)", "Statut", "Disponible le",
    "Expérience en médiation numérique", "Diplômé(e) de la médiation numérique", "Nom du diplôme", "Niveau Pix",
    "Téléphone", "Adresse e-mail",
]  # fmt: skip


def rows(matches):
    statuses = dict(MatchStatus.choices)
    listed = matches.select_related("candidate__commune").order_by("distance_km", "pk")
    for match in listed.iterator(chunk_size=2000):
        candidate = match.candidate
        yield [
            candidate.first_name,
            candidate.last_name,
            candidate.commune.name,
            candidate.commune_id,
            match.distance_km,
            statuses.get(match.status, match.status),
            candidate.available_from,
            candidate.has_experience,
            candidate.mediation_diploma,
            candidate.diploma_name,
            candidate.pix_level,
            candidate.phone,
            candidate.email,
        ]
