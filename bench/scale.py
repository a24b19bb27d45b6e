"""The volumes a benchmark runs at: `--scale national` (the programme at full size) or `--scale small` (the
same shape, a hundredth of it, for a smoke run)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    structures: int  # validated applications for the matching run, placed by population
    candidates: int  # confirmed candidates, by population, with the programme's mobility spread
    advisor_structures: int  # structures employing the advisors in post
    advisors: int
    places: int
    workshops: int  # upcoming sessions
    past_workshops: int
    registrations: int  # in all, upcoming and past sessions
    reports: int
    appointments: int  # individual appointments over the 24 months and the next 4 weeks
    availability_rules: int  # weekly openings (4 slots of 45 minutes each) per advisor in post
    beneficiaries: int  # people's files, in the advisors' structures
    linked_every: int  # one individual report in so many is linked to a file


SCALES = {
    "national": Scale(
        "national",
        structures=10_000,
        candidates=100_000,
        advisor_structures=3_000,
        advisors=4_000,
        places=20_000,
        workshops=20_000,
        past_workshops=120_000,
        registrations=1_000_000,
        reports=10_000_000,
        appointments=600_000,
        availability_rules=3,
        beneficiaries=400_000,
        linked_every=5,
    ),
    "small": Scale(
        "small",
        structures=200,
        candidates=2_000,
        advisor_structures=60,
        advisors=80,
        places=400,
        workshops=400,
        past_workshops=600,
        registrations=6_000,
        reports=20_000,
        appointments=6_000,
        availability_rules=3,
        beneficiaries=800,  # the reports are a 500th of the national ones: as many visits per file
        linked_every=5,
    ),
}


def scale_from(args: list[str]) -> Scale:
    """`--scale NAME` among the arguments (national when absent)."""
    name = args[args.index("--scale") + 1] if "--scale" in args else "national"
    if name not in SCALES:
        raise SystemExit(f"--scale: one of {', '.join(SCALES)}")
    return SCALES[name]
