"""Delivering information to inboxes (with an email notice) and acknowledging it with an action (R02).

    deliver_for_events(ids)          events created in the platform or pushed through any path
    deliver_after_import(batch, n)   the events an import file created (ids above n), inside its transaction
    deliver_referral(referral)       a new referral, to the child's allocated workers in other agencies
    deliver_request_answer(request)  the answer to an information request, to whoever asked
    acknowledge(item, actor, action, note)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.services import log_action
from joinedup.core.reasons import Refused, require_text
from joinedup.events.models import Event
from joinedup.inbox import delivery
from joinedup.inbox.delivery import Delivery, leads_of
from joinedup.inbox.models import Action, InboxItem

__all__ = ["Refused", "acknowledge", "deliver_after_import", "deliver_for_events", "deliver_notice", "deliver_referral",
           "deliver_request_answer", "inbox_for", "may_act_on", "newest_event_id", "open_count"]

CHUNK = 2000


def newest_event_id() -> int:
    """The highest event id stored so far: events an import creates after this point have higher ids."""
    return Event.objects.aggregate(n=Max("id"))["n"] or 0


def _notify(done: Delivery) -> Delivery:
    """One email per recipient per delivery: how many items wait, never what they say or whom they are about."""
    counts: Counter = Counter()
    for item in done.items:
        if item.worker_id:
            counts[item.worker.email] += 1
        else:
            for address in leads_of(item.agency_id).exclude(email="").values_list("email", flat=True):
                counts[address] += 1
    link = reverse("inbox:list")
    for address, n in counts.items():
        if not address:
            continue
        body = (f"{n} new item{'s' if n != 1 else ''} of information from other agencies {'are' if n != 1 else 'is'} "
                f"waiting in your JoinedUp inbox. Each stays there until someone records what was done about it.\n\n"
                f"Sign in to JoinedUp and open your inbox: {link}\n")
        transaction.on_commit(lambda a=address, b=body, n=n: send_mail(
            f"JoinedUp: {n} new inbox item{'s' if n != 1 else ''}", b, settings.DEFAULT_FROM_EMAIL, [a],
            fail_silently=True))
    return done


@transaction.atomic
def deliver_for_events(event_ids: Iterable[int]) -> Delivery:
    ids = list(event_ids)
    items = []
    for start in range(0, len(ids), CHUNK):
        items += delivery.deliver_for_events(ids[start:start + CHUNK]).items
    return _notify(Delivery(items))


def deliver_after_import(batch, after_id: int) -> Delivery:
    """Deliver the events an import file created (called inside the file's transaction).

    Runs once the partnership is live (a linkage model exists), as the prompt catalogue does: the first bulk
    load of an agency's history is not "new information" for anyone's inbox.
    """
    from joinedup.linkage.models import LinkageModel

    if batch.kind != "events" or not LinkageModel.objects.exists():
        return Delivery([])
    from joinedup.events.models import EventShare, EventSubject
    from joinedup.people.models import Allocation, SourceRecord
    from joinedup.referrals.models import Referral

    created = Event.objects.filter(import_batch=batch, id__gt=after_id)
    about = EventSubject.objects.filter(event__in=created, record__person__isnull=False).values("record__person_id")
    # Who could receive anything, set-based: people allocated to someone, with a referral waiting for the MASH,
    # or held by an agency the file shares with. A file about no such child (an agency's history) stops here.
    reachable = set(Allocation.objects.filter(person_id__in=about).values_list("person_id", flat=True))
    reachable |= set(Referral.objects.filter(person_id__in=about, decided_at__isnull=True)
                     .values_list("person_id", flat=True))
    reachable |= set(SourceRecord.objects.filter(
        person_id__in=about, agency_id__in=EventShare.objects.filter(event__in=created).values("agency_id"))
        .values_list("person_id", flat=True))
    if not reachable:
        return Delivery([])
    ids = (EventSubject.objects.filter(event__in=created, record__person_id__in=list(reachable))
           .values_list("event_id", flat=True).distinct().order_by("event_id"))
    return deliver_for_events(ids.iterator(chunk_size=CHUNK))


def deliver_referral(referral) -> Delivery:
    return _notify(delivery.deliver_referral(referral))


def deliver_notice(person_id: int, **fields) -> Delivery:
    """See joinedup.inbox.delivery.deliver_notice; the recipients get the usual email notice."""
    return _notify(delivery.deliver_notice(person_id, **fields))


def deliver_request_answer(request) -> Delivery:
    return _notify(delivery.deliver_request_answer(request))


def inbox_for(user) -> QuerySet[InboxItem]:
    """Items addressed to the user by name, and their agency's team queue."""
    items = InboxItem.objects.select_related("person", "from_agency", "agency", "worker", "acknowledged_by")
    if not user.is_authenticated or not user.reads_case_data:
        return items.none()
    addressed = Q(worker=user)
    if user.agency_id:
        addressed |= Q(worker__isnull=True, agency_id=user.agency_id)
    return items.filter(addressed)


def open_count(user) -> int:
    return inbox_for(user).filter(acknowledged_at__isnull=True).count()


def may_act_on(user, item: InboxItem) -> bool:
    return inbox_for(user).filter(pk=item.pk).exists()


@transaction.atomic
def acknowledge(item: InboxItem, *, actor, action: str, note: str) -> InboxItem:
    """Close an inbox item with what was done about it; "no change needed" needs its reasons too."""
    if not may_act_on(actor, item):
        raise Refused({"__all__": "This item is not in your inbox or your agency's."})
    item = InboxItem.objects.select_for_update().get(pk=item.pk)
    if item.acknowledged_at:
        raise Refused({"__all__": "This item has already been acknowledged; what was done is recorded on it."})
    errors: dict = {}
    if action not in Action.values:
        errors["action"] = ["Choose what you did about this information. There is no 'for information only': "
                            "information about possible harm to a child needs a recorded response."]
    if action == Action.NO_CHANGE:
        note = require_text(errors, "note", note,
                            "You chose 'no change needed': write why this information does not change what is being "
                            "done for the child (what you already knew, what the plan already covers).",
                            min_chars=30, min_words=5)
    else:
        note = require_text(errors, "note", note,
                            "Say what you did: who you contacted, what was added to the plan, or what was agreed.",
                            min_chars=15, min_words=3)
    if errors:
        raise Refused(errors)
    item.action, item.note = action, note
    item.acknowledged_by, item.acknowledged_at = actor, timezone.now()
    item.save(update_fields=["action", "note", "acknowledged_by", "acknowledged_at"])
    log_action(actor, f"inbox item acknowledged: {action}", persons=[item.person_id], reason=note,
               detail={"inbox_item": item.pk, "source": item.source_key})
    return item
