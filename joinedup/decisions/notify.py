"""Email notifications for decisions and escalations, through Django's mail backend (console in the demo).

Emails carry no child's name and no case detail: they say that something needs the reader, and link to
JoinedUp, where what they may see is decided and their reading is logged. They are sent once the
transaction that made them has committed, so a refused or rolled-back action never notifies anyone.

Settings (Django settings, else the environment variable of the same name):
    JOINEDUP_SITE_URL                     the address in links (default http://127.0.0.1:8000)
    JOINEDUP_PARTNERSHIP_UNIT_EMAIL       the safeguarding partnership business unit, told when an escalation
                                          reaches the partnership stage (default partnership-unit@localhost,
                                          which never leaves the machine until a real address is set)
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

__all__ = ["absolute", "partnership_unit_email", "send_later", "setting"]

logger = logging.getLogger(__name__)
DEFAULTS = {"JOINEDUP_SITE_URL": "http://127.0.0.1:8000",
            "JOINEDUP_PARTNERSHIP_UNIT_EMAIL": "partnership-unit@localhost"}


def setting(name: str) -> str:
    return str(getattr(settings, name, None) or os.environ.get(name) or DEFAULTS[name])


def partnership_unit_email() -> str:
    return setting("JOINEDUP_PARTNERSHIP_UNIT_EMAIL")


def absolute(url_name: str, *args) -> str:
    return setting("JOINEDUP_SITE_URL").rstrip("/") + reverse(url_name, args=args)


def send_later(recipients: Iterable[str], subject: str, lines: Iterable[str]) -> list[str]:
    """Send one plain-text email to each address after the current transaction commits; returns the addresses."""
    to = sorted({address.strip() for address in recipients if address and address.strip()})
    if not to:
        return []
    body = "\n\n".join(lines) + "\n\nThis message holds no details about the child: sign in to JoinedUp to read them.\n"

    def send():
        for address in to:
            try:
                send_mail(f"JoinedUp: {subject}", body, None, [address])
            except Exception:  # a mail server failure must not undo the casework it reports
                logger.exception("could not send the notification %r to %s", subject, address)

    transaction.on_commit(send)
    return to
