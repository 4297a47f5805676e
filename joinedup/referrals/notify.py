"""Email notices about referrals (Django's mail backend; the console in the demo).

Email leaves the platform, so a notice says only that something is waiting and where: never the child's
name, the concern or the decision. It is sent when the transaction that recorded the change commits.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from joinedup.accounts.models import Role, User

__all__ = ["notify_feedback", "notify_referral_received"]


def _send(subject: str, body: str, recipients: list[str]) -> None:
    recipients = sorted({address for address in recipients if address})
    if recipients:
        transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients,
                                                fail_silently=True))


def notify_referral_received(referral) -> None:
    """Tell the MASH a referral is waiting for its decision (due within one working day)."""
    officers = User.objects.filter(role=Role.MASH_OFFICER, is_active=True).exclude(email="")
    agency = referral.referrer_agency.name if referral.referrer_agency_id else "a partner agency"
    _send(f"JoinedUp: new referral R{referral.pk} from {agency}",
          f"A referral (reference R{referral.pk}) from {agency} is waiting for a MASH decision, due within one "
          f"working day of receipt.\n\nSign in to JoinedUp and open the MASH referral queue: "
          f"{reverse('referrals:queue')}\n",
          list(officers.values_list("email", flat=True)))


def notify_feedback(referral) -> None:
    """Tell the referrer the MASH has decided and recorded what will happen next."""
    _send(f"JoinedUp: the MASH has responded to your referral R{referral.pk}",
          f"The MASH has recorded its decision on your referral (reference R{referral.pk}, made on "
          f"{referral.received_on:%-d %B %Y}) and what will happen next.\n\nSign in to JoinedUp to read it: "
          f"{reverse('referrals:detail', args=[referral.pk])}\n",
          [referral.referrer.email])
