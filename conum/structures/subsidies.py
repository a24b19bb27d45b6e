"""Subsidy payments and the envelope figures (committed, paid, remaining)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from conum.core import journal
from conum.core.errors import RuleViolation
from conum.core.formatting import euros
from conum.core.roles import Role
from conum.programme.models import ProgrammeParameters

from .models import Payment, SubsidyAgreement
from .workflow import _require_role


def record_payment(agreement, by, paid_on, amount, reference) -> Payment:
    _require_role(by, Role.NATIONAL_STAFF)
    if amount <= 0:
        raise RuleViolation("Le montant d'un versement doit être positif.")
    with transaction.atomic():
        agreement = SubsidyAgreement.objects.select_for_update().get(pk=agreement.pk)
        paid = agreement.payments.aggregate(total=Sum("amount_eur"))["total"] or Decimal(0)
        if paid + amount > agreement.amount_eur:
            raise RuleViolation(
                f"Ce versement dépasserait la convention ({euros(agreement.amount_eur)}) de "
                f"{euros(paid + amount - agreement.amount_eur)} : {euros(paid)} déjà versés, reste "
                f"{euros(agreement.amount_eur - paid)}."
            )
        payment = Payment.objects.create(
            agreement=agreement, paid_on=paid_on, amount_eur=amount, reference=reference.strip(), recorded_by=by
        )
        journal.record(by, "structures.payment_recorded", agreement.application, None, journal.snapshot(payment))
    return payment


@dataclass
class EnvelopeLine:
    label: str
    committed: Decimal
    paid: Decimal

    @property
    def remaining_to_pay(self):
        return self.committed - self.paid


def envelope_by_departement(agreements) -> list[EnvelopeLine]:
    """Committed and paid per département for the given agreements (one query each)."""
    committed = dict(
        agreements.values_list("application__structure__departement").annotate(total=Sum("amount_eur")).order_by()
    )
    paid = dict(
        Payment.objects.filter(agreement__in=agreements)
        .values_list("agreement__application__structure__departement")
        .annotate(total=Sum("amount_eur"))
        .order_by()
    )
    return sorted(
        [EnvelopeLine(code, committed[code], paid.get(code, Decimal(0))) for code in committed],
        key=lambda line: line.label,
    )


def national_envelope() -> dict:
    parameters = ProgrammeParameters.current()
    committed = SubsidyAgreement.objects.committed()
    paid = Payment.objects.aggregate(total=Sum("amount_eur"))["total"] or Decimal(0)
    return {
        "envelope": parameters.envelope_eur,
        "committed": committed,
        "paid": paid,
        "uncommitted": parameters.envelope_eur - committed,
    }
