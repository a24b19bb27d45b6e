"""Every URL and the status each persona gets: tests/test_permissions.py checks it, and the second-factor tests
(tests/security/test_second_factor.py) walk the same pages (no test here)."""

from tests.helpers import PERSONAS

PUBLIC = dict.fromkeys(PERSONAS, 200)
SIGNED_IN = {persona: (302 if persona == "anonymous" else 200) for persona in PERSONAS}
NATIONAL_ONLY = dict.fromkeys(PERSONAS, 403) | {"anonymous": 302, "national_staff": 200}
QUOTA_READERS = NATIONAL_ONLY | {"prefecture_agent": 200, "other_prefecture_agent": 200}
MATRIX = [
    ("/", PUBLIC),
    ("/mentions-legales/", PUBLIC),
    ("/donnees-personnelles/", PUBLIC),
    ("/accessibilite/", PUBLIC),
    ("/securite/", PUBLIC),
    ("/.well-known/security.txt", PUBLIC),
    ("/territoires/communes/?q=limoges", PUBLIC),
    ("/territoires/communes/87085/", PUBLIC),
    ("/api/v1/communes?q=limoges", PUBLIC),
    ("/donnees-ouvertes/", PUBLIC),
    ("/donnees-ouvertes/lieux-de-mediation-numerique.csv", PUBLIC),
    ("/donnees-ouvertes/lieux-de-mediation-numerique.json", PUBLIC),
    ("/compte/mot-de-passe-oublie/", PUBLIC),
    ("/aide-numerique/", PUBLIC),
    ("/aide-numerique/?commune=Saint-Junien&distance=20", PUBLIC),
    ("/aide-numerique/ateliers/", PUBLIC),
    ("/aide-numerique/ateliers/?commune=87200&commune_choix=87154", PUBLIC),
    ("/aide-numerique/mon-niveau/", PUBLIC),
    ("/chiffres-cles/", PUBLIC),
    ("/chiffres-cles/?departement=87", PUBLIC),
    ("/donnees-ouvertes/activite-par-departement-mois-type-theme.csv", PUBLIC),
    ("/api/clients/", NATIONAL_ONLY),
    # Appointments (tests/activity/test_appointments_views.py walks the pages of one appointment and one place).
    (
        "/activite/agenda/",
        dict.fromkeys(PERSONAS, 403)
        | {"anonymous": 302, "advisor": 404, "structure_manager": 200, "other_structure_manager": 200},
    ),
    ("/activite/agenda/disponibilites/", dict.fromkeys(PERSONAS, 403) | {"anonymous": 302, "advisor": 404}),
    ("/aide-numerique/rendez-vous/inconnu/", dict.fromkeys(PERSONAS, 404)),
    # Beneficiary files: the persona advisor holds no post (404); tests/activity/test_beneficiaries.py walks the
    # pages of one file with an advisor in post, and another structure's advisor (404).
    ("/activite/personnes/", dict.fromkeys(PERSONAS, 403) | {"anonymous": 302, "advisor": 404}),
    ("/activite/personnes/nouveau/", dict.fromkeys(PERSONAS, 403) | {"anonymous": 302, "advisor": 404}),
    ("/pilotage/comptes-rendus/", NATIONAL_ONLY),
    ("/compte/", SIGNED_IN),
    # ProConnect is off unless configured (tests/accounts/test_proconnect.py walks it against a real provider).
    ("/compte/proconnect/connexion/", dict.fromkeys(PERSONAS, 404)),
    ("/compte/proconnect/retour/?code=x&state=y", dict.fromkeys(PERSONAS, 404)),
    ("/compte/proconnect/deconnexion/", dict.fromkeys(PERSONAS, 404)),
    ("/compte/mot-de-passe/", SIGNED_IN),
    ("/journal/", NATIONAL_ONLY),
    ("/activite/lieux/doublons/", NATIONAL_ONLY),  # tests/activity/test_import_places_dedup.py: the POSTs
    ("/compte/equipe/", NATIONAL_ONLY),
    ("/compte/equipe/inviter/", NATIONAL_ONLY),
    ("/programme/", NATIONAL_ONLY),
    ("/programme/smic/", NATIONAL_ONLY),
    ("/programme/parcours-de-formation/", NATIONAL_ONLY),
    ("/programme/dotations/", QUOTA_READERS),
    ("/programme/dotations/87/", NATIONAL_ONLY),
    ("/programme/dotations/00/", NATIONAL_ONLY | {"national_staff": 404}),
    ("/admin/", dict.fromkeys(PERSONAS, 404)),  # no Django admin (tests/security/test_admin.py)
]
