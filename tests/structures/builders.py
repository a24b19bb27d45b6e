"""The structure application form as a browser posts it, for the structures and security tests (no test here)."""

from datetime import date, timedelta


def form_data(**overrides):
    data = {
        "siret": "213 701 234 00018",
        "name": "Mairie de Saint-Junien",
        "type": "commune",
        "address": "Place Auguste Roche",
        "commune": "Saint-Junien (87200)",
        "contact_first_name": "Alix",
        "contact_last_name": "Martin",
        "contact_role": "Directrice générale des services",
        "contact_email": "Alix.Martin@Saint-Junien.example",
        "contact_phone": "05 55 02 17 17",
        "posts_requested": "2",
        "mission_start": (date.today() + timedelta(days=30)).isoformat(),
        "motivation": "Accompagner les habitants dans leurs démarches en ligne, à la médiathèque et en mairie.",
        "zrr": "on",
        "network": "",
        "commitment_free": "on",
        "commitment_choose": "on",
        "commitment_sign": "on",
        "commitment_training": "on",
        "commitment_equipment": "on",
    }
    return data | overrides
