"""Operation Encompass: composing, sending and acknowledging notifications (one path for pages, API and imports).

    compose_for_incident(event)   a police domestic abuse record -> a notification per school-age child, sent at
                                  once to the child's school (or the local authority) when JoinedUp knows it
    notify_after_import(batch, n) the incidents an events file created (ids above n), inside the file's transaction
    record_notification(...)      a police officer notifies by hand (a force whose system does not send records)
    send(n, actor, recipient)     the police send a waiting notification once they know the child's school
    not_ours(n, actor, reason)    a school says the child is not on its roll: back to the police to send on
    acknowledge(n, actor, ...)    the school's DSL records that it was read and the support offered

The deadline is the start of the next school day at the recipient's school (engine/casework/school_days.py);
JoinedUp sends automatically, because a single officer sending by hand to every school was where delays came
from (statutory-2026.md, "Known failures"). Every change a person makes is in the audit action log.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from engine.casework import load_partnership
from engine.casework.school_days import load_school_calendar, of_school_age
from joinedup.agencies.models import Agency, AgencyKind
from joinedup.audit.services import log_action
from joinedup.core.reasons import Refused, require_text
from joinedup.encompass.finding import children_of, education_service, educational_setting
from joinedup.encompass.models import Answer, Notification, RecipientKind, Status, Support
from joinedup.events.models import Event

__all__ = ["INCIDENT", "Refused", "acknowledge", "compose_for_incident", "config", "deadline_for", "not_ours",
           "notify_after_import", "record_notification", "send"]

INCIDENT = "police.domestic_abuse_incident"


def config() -> dict:
    """The partnership's Operation Encompass settings (engine/casework/partnership.yaml)."""
    raw = load_partnership().extra.get("operation_encompass") or {}
    return {"police_team": raw.get("police_team", "Police Operation Encompass team"),
            "notify_within_days": int(raw.get("notify_within_days", 14))}


def deadline_for(incident_at, recipient: Agency | None):
    """The next school day's start at the recipient (the partnership's calendar when the school is not known)."""
    local = timezone.localtime(incident_at).replace(tzinfo=None)
    school = recipient.code if recipient is not None and recipient.kind == AgencyKind.SCHOOL else None
    found = load_school_calendar().next_school_day(local, school)
    return timezone.make_aware(found.starts), found.basis, found.assumed


def _answer(value) -> str:
    return Answer.NOT_KNOWN if value is None else (Answer.YES if value else Answer.NO)


def _content(event: Event, person, how_found: str) -> dict:
    attrs = event.attributes or {}
    named = how_found == "named in the police record"
    return {
        "police_reference": str(attrs.get("police_reference") or event.source_id)[:100],
        "incident_at": event.occurred_at, "incident_time_known": event.time_known,
        "place": str(event.location)[:300] if event.location_id else "",
        # "children present" in the record speaks for the children it names, not for those found in the household
        "child_present": _answer(attrs.get("children_present")) if named or attrs.get("children_present") is False
        else Answer.NOT_KNOWN,
        "where_child_was": str(attrs.get("where_children_were", ""))[:300],
        "child_spoken_to": _answer(attrs.get("child_spoken_to")) if named else Answer.NOT_KNOWN,
        "child_said": str(attrs.get("child_said", "")) if named else "",
        "spoken_in_presence_of": str(attrs.get("spoken_in_presence_of", ""))[:300] if named else "",
        "circumstances": event.note, "other_information": str(attrs.get("other_safeguarding", "")),
    }


def _mail_recipient(notification: Notification) -> None:
    """Tell the recipient's safeguarding leads that a notification waits (never what it says or whom it is about)."""
    from joinedup.inbox.delivery import leads_of

    addresses = sorted({a for a in leads_of(notification.recipient_id).values_list("email", flat=True) if a})
    if not addresses:
        return
    body = ("A police Operation Encompass notification about a child at your setting is waiting in JoinedUp. "
            "Please read it before the school day starts and record the support offered.\n\n"
            f"Sign in to JoinedUp: {settings.JOINEDUP_SITE_URL.rstrip('/')}{reverse('encompass:list')}\n")
    transaction.on_commit(lambda: send_mail("JoinedUp: Operation Encompass notification", body,
                                            settings.DEFAULT_FROM_EMAIL, addresses, fail_silently=True))


def _raise_overdue(person_id: int) -> None:
    from joinedup.prompts.deadlines import raise_overdue

    raise_overdue(person_ids=[person_id])


def _make(person, content: dict, *, police: Agency, incident: Event | None, how_found: str, actor=None) -> Notification:
    day = timezone.localtime(content["incident_at"]).date()
    setting = educational_setting(person, day)
    due_at, basis, assumed = deadline_for(content["incident_at"], setting.agency)
    now = timezone.now()
    sent = setting.agency is not None
    notification = Notification.objects.create(
        person=person, incident=incident, police=police, how_found=how_found[:200], child_name=person.display_name,
        child_date_of_birth=person.date_of_birth, recipient_kind=setting.kind, recipient=setting.agency,
        recipient_basis=setting.basis[:300], due_at=due_at, due_basis=basis, calendar_assumed=assumed,
        status=Status.SENT if sent else Status.WAITING, sent_at=now if sent else None,
        sent_by=actor if sent else None, created_by=actor, **content)
    if sent:
        _mail_recipient(notification)
    return notification


@transaction.atomic
def compose_for_incident(event: Event, *, actor=None) -> list[Notification]:
    """A notification for every child of school age the incident may concern and not yet notified."""
    if event.event_type != INCIDENT:
        return []
    day = timezone.localtime(event.occurred_at).date()
    done = set(Notification.objects.filter(incident=event).values_list("person_id", flat=True))
    made = []
    for person, how in children_of(event):
        if person.pk in done or not of_school_age(person.date_of_birth, day):
            continue
        made.append(_make(person, _content(event, person, how), police=event.agency, incident=event, how_found=how,
                          actor=actor))
    for notification in made:
        _raise_overdue(notification.person_id)      # a record that arrives after the deadline is late at once
    return made


def notify_after_import(batch, after_id: int) -> list[Notification]:
    """Notify for the domestic abuse incidents an events file created, once the partnership is live (as the
    inboxes do: the first load of an agency's history is not news for a school) and only for incidents within
    `notify_within_days` (config)."""
    from joinedup.linkage.models import LinkageModel

    if batch.kind != "events" or not LinkageModel.objects.exists():
        return []
    since = timezone.now() - timedelta(days=config()["notify_within_days"])
    incidents = (Event.objects.filter(import_batch=batch, id__gt=after_id, event_type=INCIDENT, occurred_at__gte=since)
                 .select_related("agency", "location"))
    return [n for event in incidents.iterator(chunk_size=500) for n in compose_for_incident(event)]


def _police(actor) -> None:
    if not (actor.is_authenticated and actor.reads_case_data and actor.agency_id
            and actor.agency.kind == AgencyKind.POLICE):
        raise Refused({"__all__": "Operation Encompass notifications are sent by the police."})


def _audit(actor, what: str, notification: Notification, reason: str = "", **detail) -> None:
    log_action(actor, f"Operation Encompass: {what}", persons=[notification.person_id], reason=reason,
               detail={"notification": notification.pk, **detail})


def _recipient(kind: str, school: Agency | None) -> Agency:
    if kind == RecipientKind.SCHOOL:
        if school is None or school.kind != AgencyKind.SCHOOL:
            raise Refused({"school": "Choose the child's school."})
        return school
    if kind == RecipientKind.HOME_EDUCATION:
        service = education_service()
        if service is None:
            raise Refused({"recipient_kind": "The partnership has no education service in JoinedUp: telephone the "
                                             "local authority's elective home education officer."})
        return service
    raise Refused({"recipient_kind": "Say who must be told: the child's school, or the local authority."})


@transaction.atomic
def record_notification(*, actor, person, police_reference: str, incident_at, place: str, child_present: str,
                        where_child_was: str, child_spoken_to: str, child_said: str, spoken_in_presence_of: str,
                        circumstances: str, other_information: str, incident_time_known: bool = True) -> Notification:
    """A police officer notifies a child's school by hand (the police record stays in the force's own system)."""
    from joinedup.people.selectors import visible_people

    _police(actor)
    if not visible_people(actor).filter(pk=person.pk).exists():
        raise Refused({"__all__": "Your force holds no record of this child in JoinedUp."})
    errors: dict = {}
    if person.person_type != "child":
        errors["__all__"] = ["Notifications are about a child."]
    police_reference = (police_reference or "").strip()
    if not police_reference:
        errors["police_reference"] = ["Give the force's incident reference."]
    if incident_at is None or incident_at > timezone.now():
        errors["incident_at"] = ["Give when the incident happened (not in the future)."]
    elif not of_school_age(person.date_of_birth, timezone.localtime(incident_at).date()):
        errors["__all__"] = ["Operation Encompass covers children from reception to 17; JoinedUp's date of birth "
                             "for this child is outside that range."]
    elif Notification.objects.filter(person=person, police_reference=police_reference, police=actor.agency).exists():
        errors["police_reference"] = ["A notification about this child for this incident has already been made."]
    circumstances = require_text(errors, "circumstances", circumstances,
                                 "Describe the circumstances of the incident, as the school needs to know them.",
                                 min_chars=20, min_words=4)
    for name, value in (("child_present", child_present), ("child_spoken_to", child_spoken_to)):
        if value not in Answer.values:
            errors[name] = ["Choose yes, no or not recorded."]
    if child_spoken_to == Answer.YES and not (child_said or "").strip():
        errors["child_said"] = ["The child was spoken to: write what they said, in their own words."]
    if errors:
        raise Refused(errors)
    content = {"police_reference": police_reference, "incident_at": incident_at,
               "incident_time_known": incident_time_known, "place": place.strip()[:300],
               "child_present": child_present, "where_child_was": where_child_was.strip()[:300],
               "child_spoken_to": child_spoken_to, "child_said": child_said.strip(),
               "spoken_in_presence_of": spoken_in_presence_of.strip()[:300], "circumstances": circumstances,
               "other_information": other_information.strip()}
    notification = _make(person, content, police=actor.agency, incident=None, how_found="notified by a police officer",
                         actor=actor)
    _audit(actor, "notification recorded" + (" and sent" if notification.sent_at else ""), notification,
           recipient=notification.recipient.code if notification.recipient_id else None)
    _raise_overdue(person.pk)
    return notification


@transaction.atomic
def send(notification: Notification, *, actor, recipient_kind: str, school: Agency | None = None) -> Notification:
    """Send a waiting notification to the school (or local authority) the police have found."""
    _police(actor)
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    if actor.agency_id != notification.police_id:
        raise Refused({"__all__": "Only the force that attended sends this notification."})
    if notification.status != Status.WAITING:
        raise Refused({"__all__": "This notification has been sent; the recipient's answer is recorded on it."})
    recipient = _recipient(recipient_kind, school)
    if any(e.get("agency") == recipient.code for e in notification.earlier_recipients):
        raise Refused({"school": f"{recipient.name} said the child is not on its roll. Choose another setting."})
    due_at, basis, assumed = deadline_for(notification.incident_at, recipient)
    notification.recipient_kind, notification.recipient = recipient_kind, recipient
    notification.recipient_basis = f"chosen by {actor.get_full_name() or actor.username}, {actor.agency.name}"
    notification.due_at = min(notification.due_at, due_at)    # never later than first worked out
    if due_at <= notification.due_at:
        notification.due_basis, notification.calendar_assumed = basis, assumed
    notification.status, notification.sent_at, notification.sent_by = Status.SENT, timezone.now(), actor
    notification.save()
    _audit(actor, "notification sent", notification, recipient=recipient.code,
           late=notification.sent_at >= notification.due_at)
    _mail_recipient(notification)
    return notification


def _recipient_lead(actor, notification: Notification) -> None:
    from joinedup.encompass.selectors import may_answer

    if not may_answer(actor, notification):
        raise Refused({"__all__": "Only the designated safeguarding lead (or the local authority's officer) the "
                                  "notification was sent to records the answer."})


@transaction.atomic
def not_ours(notification: Notification, *, actor, reason: str) -> Notification:
    """The recipient says the child is not theirs: the notification goes back to the police to send on."""
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    _recipient_lead(actor, notification)
    if notification.status != Status.SENT:
        raise Refused({"__all__": "This notification has already been answered."})
    errors: dict = {}
    reason = require_text(errors, "reason", reason, "Say why the child is not yours (left the roll on a date, never "
                                                    "on roll, moved to another school if known).", min_chars=15,
                          min_words=3)
    if errors:
        raise Refused(errors)
    notification.earlier_recipients = [*notification.earlier_recipients, {
        "agency": notification.recipient.code, "name": notification.recipient.name,
        "sent_at": notification.sent_at.isoformat(), "answered_at": timezone.now().isoformat(),
        "by": actor.get_full_name() or actor.username, "reason": reason}]
    notification.recipient, notification.recipient_kind = None, RecipientKind.NOT_KNOWN
    notification.recipient_basis = f"{actor.agency.name} said the child is not on its roll"
    notification.status, notification.sent_at, notification.sent_by = Status.WAITING, None, None
    notification.save()
    _audit(actor, "not on our roll", notification, reason=reason)
    _raise_overdue(notification.person_id)
    return notification


@transaction.atomic
def acknowledge(notification: Notification, *, actor, support: list[str], support_note: str) -> Notification:
    """The school read the notification: what support it offers the child (silent support is support)."""
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    _recipient_lead(actor, notification)
    if notification.status != Status.SENT:
        raise Refused({"__all__": "This notification has already been acknowledged."})
    errors: dict = {}
    support = list(dict.fromkeys(support or []))
    if not support or set(support) - set(Support.values):
        errors["support"] = ["Choose the support offered. Silent support (staff aware and watchful) counts."]
    support_note = require_text(errors, "support_note", support_note,
                                "Say what the school will do today and who knows (on a need-to-know basis), and what "
                                "the child wanted if they said.", min_chars=20, min_words=4)
    if errors:
        raise Refused(errors)
    notification.support, notification.support_note = support, support_note
    notification.acknowledged_at, notification.acknowledged_by = timezone.now(), actor
    notification.status = Status.ACKNOWLEDGED
    notification.save(update_fields=["support", "support_note", "acknowledged_at", "acknowledged_by", "status"])
    _audit(actor, "acknowledged", notification, reason=support_note, support=support)
    return notification
