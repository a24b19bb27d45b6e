"""Demo data: about 3,000 candidates spread by population, a matching run, then hires (demo_hires), and the
demo candidate account's own candidacy."""

import random
from datetime import date, timedelta

from django.utils import timezone

from conum.accounts.models import User
from conum.core.demo import quiet_emails, scaled
from conum.core.errors import RuleViolation
from conum.core.formatting import plural
from conum.recruitment import demo_hires, interviews, matching, workflow
from conum.recruitment.demo_hires import DEMO_STRUCTURE_EMAIL
from conum.recruitment.enums import MatchStatus
from conum.recruitment.models import Candidate, Match, territory_of
from conum.structures.enums import ApplicationStatus
from conum.structures.models import StructureMembership
from conum.territories.models import Commune

CANDIDATES = 3000  # times CONUM_DEMO_SCALE (conum/core/demo.py)
LIMOGES_AREA = 40
LIMOGES = "87085"
DEMO_CANDIDATE_EMAIL = "candidat@demo.conum.fr"
FIRST_NAMES = [
    "Emma",
    "Louis",
    "Jade",
    "Gabriel",
    "Louise",
    "Raphaël",
    "Ambre",
    "Arthur",
    "Alice",
    "Jules",
    "Lina",
    "Adam",
    "Chloé",
    "Nathan",
    "Mila",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Thomas",
    "Petit",
    "Robert",
    "Richard",
    "Durand",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Leroy",
    "Roux",
]
MOBILITY = [(5, 5), (10, 15), (15, 15), (20, 25), (40, 25), (100, 10), (0, 5)]


def populate(out):
    _candidates(out)
    demo_hires.populate(out)
    _demo_candidacy(out)


def _candidates(out):
    if Candidate.objects.exists():
        out.write(f"✓ Candidats déjà présents ({Candidate.objects.count()})")
        return
    rng = random.Random(2027)
    communes = list(
        Commune.objects.with_coordinates().values_list("code", "departement_id", "population", "latitude", "longitude")
    )
    picked = rng.choices(communes, weights=[max(1, c[2]) for c in communes], k=scaled(CANDIDATES))
    # A few more around Limoges, where the demo structure account recruits.
    haute_vienne = [c for c in communes if c[1] == "87"]
    picked += rng.choices(haute_vienne, weights=[max(1, c[2]) for c in haute_vienne], k=LIMOGES_AREA)
    now, today = timezone.now(), date.today()
    rows = []
    for index, (code, departement, _population, lat, lon) in enumerate(picked):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        rows.append(
            Candidate(
                first_name=first,
                last_name=last,
                email=f"{first}.{last}.{index}@candidat-demo.fr".lower(),
                phone=f"+336{rng.randint(10000000, 99999999)}",
                commune_id=code,
                latitude=lat,
                longitude=lon,
                territory=territory_of(departement),
                mobility_km=rng.choices([km for km, _ in MOBILITY], weights=[w for _, w in MOBILITY])[0],
                available=rng.random() < 0.9,
                available_from=today + timedelta(days=rng.randint(-60, 90)),
                job_seeker=rng.random() < 0.6,
                employed=rng.random() < 0.3,
                in_training=rng.random() < 0.1,
                has_experience=rng.random() < 0.3,
                mediation_diploma=rng.random() < 0.1,
                motivation="J'aime transmettre et aider les personnes éloignées du numérique.",
                pix_level_1=rng.choice([None, 1, 2, 3]),
                pix_level_2=rng.choice([None, 1, 2, 3]),
                pix_level_3=rng.choice([None, 1, 2, 3]),
                email_confirmed_at=now if rng.random() < 0.95 else None,
            )  # fmt: skip
        )
    Candidate.objects.bulk_create(rows, batch_size=1000)
    report = matching.run()
    # The structures have started to sort their lists.
    proposals = list(Match.objects.filter(status=MatchStatus.NEW).values_list("pk", flat=True))
    rng.shuffle(proposals)
    shortlisted, declined = proposals[: len(proposals) // 6], proposals[len(proposals) // 6 : len(proposals) // 4]
    Match.objects.filter(pk__in=shortlisted).update(status=MatchStatus.SHORTLISTED)
    Match.objects.filter(pk__in=declined).update(status=MatchStatus.DECLINED)
    out.write(f"✓ Candidats de démonstration : {len(rows)} ; {report}")


def _demo_candidacy(out):
    """The demo candidate account applied from Limoges after the hires: matching proposes it to the structures
    around that have a post open, and the demo structure account has shortlisted it (added by hand if needed)
    and asked to meet the person, who finds the request to answer in "Ma candidature"."""
    user = User.objects.filter(email=DEMO_CANDIDATE_EMAIL).first()
    if user is None or Candidate.objects.filter(user=user).exists():
        return
    candidate = Candidate.objects.create(
        user=user, first_name=user.first_name, last_name=user.last_name, email=user.email, phone="+33655443322",
        commune_id=LIMOGES, mobility_km=40, available=True, available_from=date.today() - timedelta(days=10),
        job_seeker=True, has_experience=True, pix_level_1=3, pix_level_2=2, pix_level_3=1,
        motivation="Animateur en médiathèque, j'aide déjà les habitants avec leurs démarches en ligne.",
        email_confirmed_at=timezone.now(),
    )  # fmt: skip
    matching.run(candidates=Candidate.objects.filter(pk=candidate.pk))
    shortlisted = _shortlisted_by_demo_structure(candidate)
    proposals = candidate.matches.filter(status__in=[MatchStatus.NEW, MatchStatus.SHORTLISTED]).count()
    out.write(
        f"✓ Candidature du compte candidat : proposée à {plural(proposals, 'structure')}"
        + (", présélectionnée par la structure de démonstration, qui propose un entretien" if shortlisted else "")
    )


def _shortlisted_by_demo_structure(candidate) -> bool:
    membership = StructureMembership.objects.filter(user__email=DEMO_STRUCTURE_EMAIL).select_related("user").first()
    if membership is None:
        return False
    manager = membership.user
    application = membership.structure.applications.filter(status=ApplicationStatus.VALIDATED).first()
    if application is None:
        return False
    try:
        match = candidate.matches.filter(application=application).first()
        if match is None:
            match = workflow.add_candidate(application, candidate.pk, manager)
        workflow.apply_transition(match, "shortlist", manager)
        with quiet_emails():
            interviews.request_interview(match, manager, "Votre expérience en médiathèque nous intéresse.")
    except RuleViolation:  # no post open, or out of the candidate's reach
        return False
    return True
