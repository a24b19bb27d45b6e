"""What a host structure may see of a candidate, and when: the one rule every page, export and file asks.

Whom. A structure sees a person only through a match (mise en relation) of its own applications
(`Match.objects.for_user`), never through a withdrawn one. A proposal (new, shortlisted, declined) is seen
only while the person is available (confirmed, available, not erased) and their declared mobility covers
the structure: "France entière", or the distance between the two communes ≤ the distance they accept
(`covers`). The radius search (search.py) and additions by hand (workflow.add_candidate) follow the same
rule, and matching withdraws additions that no longer meet it. Once past the proposal stage (contract
proposed, hired, break) the match stays visible: those are the person's own decisions.

What, and when. The profile (name, commune, distance, availability, experience, diploma, Pix) with every
visible match. The contact details (e-mail, phone, CV) only once the structure has shortlisted the person
or the person accepted a contract there (`CONTACT_STATUSES`: shortlisted, contract proposed, hired, break
notified). Declining a person hides them again; so does the end of the relation (break validated, ended).

Traced. Every page that shows contact details, every export of the list and every CV download writes the
journal: a page or an export once with the number of people (and their ids, never their names), a CV once
per file.

`contact_details(match)` is the single answer for one person (the list, the exports, the CV download and
any later candidate page call it); `visible()` and `with_contact()` are the same rule for querysets.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Q

from conum.core import journal
from conum.recruitment.enums import POST_HOLDING_STATUSES, PROPOSAL_STATUSES, MatchStatus

CONTACT_STATUSES = [MatchStatus.SHORTLISTED, *POST_HOLDING_STATUSES]

# The person is available (Candidate.objects.matchable(), seen from a match) and accepts the distance.
_AVAILABLE = Q(
    candidate__email_confirmed_at__isnull=False, candidate__available=True, candidate__erased_at__isnull=True
)
_COVERED = Q(candidate__mobility_km=0) | Q(distance_km__lte=F("candidate__mobility_km"))
# Past the proposal stage: contract proposed, hired, break notified or validated, ended.
_DECIDED = [status for status in MatchStatus if status not in PROPOSAL_STATUSES and status != MatchStatus.WITHDRAWN]
_VISIBLE = (Q(status__in=PROPOSAL_STATUSES) & _AVAILABLE & _COVERED) | Q(status__in=_DECIDED)
_CONTACT = Q(status__in=CONTACT_STATUSES, candidate__erased_at__isnull=True)


def covers(mobility_km: int, distance_km) -> bool:
    """Whether a person who accepts `mobility_km` (0: France entière) may be proposed a post `distance_km` away."""
    return not mobility_km or distance_km <= mobility_km


def visible(matches):
    """The matches whose person the structure may see (apply it to `Match.objects.for_user(user)`)."""
    return matches.filter(_VISIBLE)


def with_contact(matches):
    """The visible matches whose person's contact details the structure may see."""
    return visible(matches).filter(_CONTACT)


@dataclass(frozen=True)
class Contact:
    email: str
    phone: str
    has_cv: bool


def _is_visible(match) -> bool:
    candidate = match.candidate
    if match.status in _DECIDED:
        return True
    if match.status not in PROPOSAL_STATUSES:
        return False
    available = candidate.email_confirmed_at is not None and candidate.available and candidate.erased_at is None
    return available and covers(candidate.mobility_km, match.distance_km)


def contact_details(match) -> Contact | None:
    """How to reach the person of `match`, for the match's structure; None while the rule hides it."""
    candidate = match.candidate
    if match.status not in CONTACT_STATUSES or candidate.erased_at is not None or not _is_visible(match):
        return None
    return Contact(email=candidate.email, phone=candidate.phone, has_cv=bool(candidate.cv))


def record_viewed(actor, application, matches) -> None:
    """A page showed these matches' contact details: one entry for the page (none when it showed none)."""
    ids = [match.candidate_id for match in matches]
    if ids:
        journal.record(actor, "recruitment.contacts_viewed", application, after={"people": len(ids), "candidates": ids})


def record_exported(actor, application, file_format: str, matches) -> None:
    """An export of the (visible) `matches`: one entry, with its rows and how many of them carry contact details."""
    counts = matches.aggregate(rows=Count("pk"), people=Count("pk", filter=_CONTACT))
    journal.record(actor, "recruitment.contacts_exported", application, after={"format": file_format, **counts})


def record_cv_download(actor, match) -> None:
    """One entry per CV file sent to a structure (the object is the candidate, shown as "Candidat n° …")."""
    after = {"application": match.application_id}
    journal.record(actor, "recruitment.cv_downloaded", match.candidate, after=after)
