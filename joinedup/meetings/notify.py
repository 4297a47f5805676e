"""Emails about meetings, through Django's mail backend (the console in the demo).

An email says that something needs the reader and links to it; it holds nothing about the child (no name, no
minutes, no action text): those stay in JoinedUp, where every read is logged.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.mail import send_mass_mail

__all__ = ["action_assigned", "minutes_circulated"]

FOOTER = ("\n\nThis email holds no details about the child. Sign in to JoinedUp to read them; every view of a "
          "child's record is logged.\n")


def _who(user) -> str:
    name = user.get_full_name() or user.username
    return f"{name} ({user.agency.name})" if user.agency_id else name


def _send(messages: Iterable[tuple[str, str, None, list[str]]]) -> int:
    messages = [m for m in messages if m[3] and m[3][0]]
    return send_mass_mail(messages, fail_silently=False) if messages else 0


def action_assigned(action, link: str) -> int:
    """Tell the action's owner (a JoinedUp user with an email address) that the action is theirs."""
    owner = action.owner
    if owner is None or not owner.email:
        return 0
    meeting = action.meeting
    subject = f"JoinedUp: an action from a {meeting.get_kind_display().lower()} is yours, due {action.due_on:%-d %b %Y}"
    body = (f"An action was agreed at the {meeting.label}, chaired by {_who(meeting.chair)}, and you are its owner.\n"
            f"It is due by {action.due_on:%-d %B %Y}. When it is done, record what was done on the meeting's page.\n\n"
            f"{link}" + FOOTER)
    return _send([(subject, body, None, [owner.email])])


def minutes_circulated(meeting, recipients, link: str) -> int:
    """Tell each recipient that the minutes are ready to read (one email each: no one sees the others)."""
    subject = f"JoinedUp: minutes of the {meeting.label} have been circulated"
    body = (f"The minutes of the {meeting.label}, chaired by {_who(meeting.chair)}, are ready to read, with the "
            f"decisions made and the actions agreed, their owners and due dates.\n\n{link}" + FOOTER)
    return _send([(subject, body, None, [user.email]) for user in recipients if user.email])
