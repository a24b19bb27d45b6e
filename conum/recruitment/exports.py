"""The structure's candidate list as exported: the people it may see, with their contact details only where the
list shows them (disclosure.contact_details: once shortlisted or a contract accepted); blank otherwise."""

from conum.recruitment.disclosure import contact_details
from conum.recruitment.enums import MatchStatus

HEADER = [
    "Prénom", "Nom", "Commune", "Code INSEE", "Distance (km)", "Statut", "Disponible le",
    "Expérience en médiation numérique", "Diplômé(e) de la médiation numérique", "Nom du diplôme", "Niveau Pix",
    "Téléphone", "Adresse e-mail",
]  # fmt: skip


def rows(matches):
    """`matches` already narrowed by disclosure.visible(); the contact columns are filled per person."""
    statuses = dict(MatchStatus.choices)
    listed = matches.select_related("candidate__commune").order_by("distance_km", "pk")
    for match in listed.iterator(chunk_size=2000):
        candidate = match.candidate
        contact = contact_details(match)
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
            contact.phone if contact else "",
            contact.email if contact else "",
        ]
