"""Writes about contexts: referrals, assessments, plans, conferences and context weighting.

Every write checks who may make it, refuses empty or trivial reasons with a message a practitioner can act
on, and is audited (`log_action`) in the same transaction.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from engine.casework import load_partnership
from engine.names import location_key, normalise_name
from joinedup.associations.models import HowKnown, PeerGroup, Reliability
from joinedup.audit.services import log_action
from joinedup.contexts import permissions
from joinedup.contexts.choices import ActionStatus, Attendance, PartnerType
from joinedup.contexts.models import (
    ActionUpdate,
    ConferenceAction,
    ConferenceAttendee,
    Context,
    ContextAssessment,
    ContextConference,
    ContextKind,
    ContextPlan,
    ContextReferral,
    ContextWeighting,
    PlanAction,
    PlanReview,
)
from joinedup.contexts.naming import children_connected, named_children
from joinedup.core.reasons import is_trivial
from joinedup.places.models import Location, LocationKind

__all__ = [
    "ContextRefused", "add_action", "find_or_create_context", "record_assessment", "record_conference",
    "record_weighting", "refer", "review_plan", "start_plan", "threshold_levels", "update_action",
]


class ContextRefused(ValueError):
    """A write that may not be made as given; the message says why, in words a practitioner can act on."""


# ------------------------------------------------------------------------------------------ helpers


def written(text: str, what: str) -> str:
    """The text, stripped, if it says something: at least three words (no "n/a", "ok", "see above")."""
    text = (text or "").strip()
    if is_trivial(text, min_chars=10, min_words=3):
        raise ContextRefused(f"Write {what} in a sentence or more: it is kept with the record and others rely on it.")
    return text


def _required(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ContextRefused(f"Give {what}.")
    return text


def _not_future(day: date, what: str) -> date:
    if day is None:
        raise ContextRefused(f"Give {what}.")
    if day > timezone.localdate():
        raise ContextRefused(f"{what[0].upper()}{what[1:]} cannot be in the future.")
    return day


def _check(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionError(message)


def _agency(user):
    return user.agency if user.agency_id else None


def threshold_levels() -> list[tuple[str, str]]:
    """The partnership's continuum of need (engine/casework/partnership.yaml), in order."""
    return [(level.code, level.name) for level in load_partnership().continuum_of_need]


def context_kind_for(location_kind: str) -> str:
    return {LocationKind.SCHOOL: ContextKind.SCHOOL, LocationKind.ONLINE: ContextKind.ONLINE}.get(
        location_kind, ContextKind.LOCATION)


# ------------------------------------------------------------------------------------------ referral


def find_or_create_context(*, user, location: Location | None = None, group: PeerGroup | None = None,
                           place: dict | None = None, group_name: str = "") -> tuple[Context, bool]:
    """The one Context for a known place or group, or for a place or group named now (found by the same
    normalised key imports use, so a place two agencies name alike is one record)."""
    if place:
        kind = place.get("kind") or LocationKind.ADDRESS
        if kind not in LocationKind.values:
            raise ContextRefused("Choose what kind of place it is.")
        name, address = (place.get("name") or "").strip(), (place.get("address") or "").strip()
        postcode = (place.get("postcode") or "").strip().upper()
        if not (name or address):
            raise ContextRefused("Give the place's name or address (for an online space, its name).")
        key = location_key(kind=kind, name=name, address=address, postcode=postcode,
                           agency=user.agency.code if user.agency_id else "")
        location, _ = Location.objects.get_or_create(key=key, defaults={"kind": kind, "name": name,
                                                                        "address": address, "postcode": postcode})
    elif group_name.strip():
        key = normalise_name(group_name)
        if not key:
            raise ContextRefused("Give the group's name as agencies know it.")
        group, _ = PeerGroup.objects.get_or_create(key=key, defaults={"name": group_name.strip()})
    if location is not None:
        label = location.name or location.address or str(location)
        return Context.objects.get_or_create(location=location, defaults={
            "kind": context_kind_for(location.kind), "name": label[:200], "created_by": user,
            "agency": _agency(user)})
    if group is not None:
        return Context.objects.get_or_create(group=group, defaults={
            "kind": ContextKind.PEER_GROUP, "name": group.name[:200], "created_by": user, "agency": _agency(user)})
    raise ContextRefused("Say which place, group, school or online space the information is about.")


@transaction.atomic
def refer(*, user, concern: str, how_known: str, observed_on: date, reliability: str, threshold_level: str = "",
          source_detail: str = "", context: Context | None = None, location: Location | None = None,
          group: PeerGroup | None = None, place: dict | None = None, group_name: str = "") -> ContextReferral:
    """Share information about a context. No child is asked for or needed (R05, 001 L243-249)."""
    _check(permissions.may_refer(user), "Your role does not record casework information.")
    concern = written(concern, "what is happening there")
    if how_known not in HowKnown.values:
        raise ContextRefused("Say how the information is known.")
    if reliability not in Reliability.values:
        raise ContextRefused("Say whether the information has been verified.")
    if threshold_level and threshold_level not in dict(threshold_levels()):
        raise ContextRefused("Choose a level from the continuum of need, or leave it as not known.")
    _not_future(observed_on, "the date it was seen or happened")
    created = False
    if context is None:
        context, created = find_or_create_context(user=user, location=location, group=group, place=place,
                                                  group_name=group_name)
    referral = ContextReferral.objects.create(
        context=context, concern=concern, how_known=how_known, source_detail=(source_detail or "").strip(),
        observed_on=observed_on, reliability=reliability, threshold_level=threshold_level or "",
        agency=_agency(user), referred_by=user)
    log_action(user, "context: referral", reason=concern, detail={
        "context": context.pk, "referral": referral.pk, "context_created": created, "kind": context.kind,
        "how_known": how_known, "reliability": reliability, "threshold_level": threshold_level or ""})
    return referral


# ------------------------------------------------------------------------------------------ assessment


TRIANGLE = (
    ("collective_needs", "young people's collective needs and strengths in this context"),
    ("guardianship", "who is, or could be, keeping young people safe there"),
    ("environment", "the physical or online environment"),
    ("policy_and_practice", "the policies and practice that shape the context"),
)


@transaction.atomic
def record_assessment(context: Context, *, user, assessed_on: date, sources_consulted: str, strengths: str = "",
                      concerns: str = "", goals: str = "", **sides: str) -> ContextAssessment:
    """A context assessment: every side of the triangle (guidance §3.2) written, and what it drew on."""
    _check(permissions.may_plan(user), "Context assessments are recorded by MASH officers, team managers and "
                                       "designated safeguarding leads.")
    values = {field: written(sides.get(field, ""), what) for field, what in TRIANGLE}
    assessment = ContextAssessment.objects.create(
        context=context, assessed_on=_not_future(assessed_on, "the date of the assessment"),
        sources_consulted=written(sources_consulted, "who and what the assessment drew on"),
        strengths=(strengths or "").strip(), concerns=(concerns or "").strip(), goals=(goals or "").strip(),
        assessed_by=user, agency=_agency(user), **values)
    log_action(user, "context: assessment", reason=values["collective_needs"],
               detail={"context": context.pk, "assessment": assessment.pk, "assessed_on": str(assessed_on)})
    return assessment


# ------------------------------------------------------------------------------------------ plan


def _planner(user) -> None:
    _check(permissions.may_plan(user), "Context plans are made by MASH officers, team managers and designated "
                                       "safeguarding leads.")


@transaction.atomic
def start_plan(context: Context, *, user, objectives: str, first_review_on: date) -> ContextPlan:
    _planner(user)
    objectives = written(objectives, "what the plan aims to change")
    if context.plans.filter(ended_on__isnull=True).exists():
        raise ContextRefused("This context already has a current plan: review it (a review may end it) before "
                             "starting another.")
    if first_review_on is None or first_review_on < timezone.localdate():
        raise ContextRefused("Set a first review date from today on.")
    plan = ContextPlan.objects.create(context=context, objectives=objectives, first_review_on=first_review_on,
                                      created_by=user, agency=_agency(user))
    log_action(user, "context: plan", reason=objectives,
               detail={"context": context.pk, "plan": plan.pk, "first_review_on": str(first_review_on)})
    return plan


def _owner(owner_name: str, owner_organisation: str, owner_partner: str) -> tuple[str, str, str]:
    if owner_partner not in PartnerType.values:
        raise ContextRefused("Say whether the owner's organisation is a statutory or a non-statutory partner.")
    return (_required(owner_name, "the name of the person who owns the action"),
            _required(owner_organisation, "the owner's organisation"), owner_partner)


@transaction.atomic
def add_action(plan: ContextPlan, *, user, action: str, owner_name: str, owner_organisation: str,
               owner_partner: str, due_on: date, owner_user=None) -> PlanAction:
    _planner(user)
    if plan.ended_on:
        raise ContextRefused("This plan has ended; start a new plan to add actions.")
    name, organisation, partner = _owner(owner_name, owner_organisation, owner_partner)
    if due_on is None:
        raise ContextRefused("Give the date the action is due.")
    row = PlanAction.objects.create(
        plan=plan, action=written(action, "what the action is"), owner_name=name, owner_organisation=organisation,
        owner_partner=partner, owner_user=owner_user, due_on=due_on, created_by=user)
    log_action(user, "context: plan action", reason=row.action, detail={
        "context": plan.context_id, "plan": plan.pk, "action": row.pk, "owner": name,
        "organisation": organisation, "partner": partner, "due_on": str(due_on)})
    if due_on < timezone.localdate():   # recorded after it was due: D10 at once, not at the next daily run
        from joinedup.contexts.deadlines import context_action_record
        from joinedup.prompts.deadlines import raise_overdue

        raise_overdue(records=[context_action_record(row)])
    return row


@transaction.atomic
def update_action(action: PlanAction, *, user, status: str, note: str,
                  completed_on: date | None = None) -> ActionUpdate:
    """Progress on an action by its owner or a planner; done needs the date it was done; a stopped action says why."""
    _check(permissions.may_update_action(user, action),
           "Only the action's owner, or a MASH officer, team manager or designated safeguarding lead, updates it.")
    action = PlanAction.objects.select_for_update().get(pk=action.pk)
    if status not in ActionStatus.values:
        raise ContextRefused("Choose the action's status.")
    note = written(note, "what has happened with the action")
    before = {"status": action.status, "completed_on": str(action.completed_on or "")}
    if status == ActionStatus.DONE:
        action.completed_on = _not_future(completed_on, "the date the action was done")
        action.completion_note = note
    else:
        action.completed_on, action.completion_note = None, ("" if status != ActionStatus.STOPPED else note)
    action.status = status
    action.save(update_fields=["status", "completed_on", "completion_note"])
    update = ActionUpdate.objects.create(action=action, status=status, note=note, updated_by=user,
                                         agency=_agency(user))
    log_action(user, "context: action update", reason=note, detail={
        "context": action.plan.context_id, "plan": action.plan_id, "action": action.pk, "update": update.pk,
        "before": before, "after": {"status": status, "completed_on": str(action.completed_on or "")}})
    return update


@transaction.atomic
def review_plan(plan: ContextPlan, *, user, reviewed_on: date, progress: str, changes: str,
                next_review_on: date | None, ends_plan: bool = False) -> PlanReview:
    _planner(user)
    plan = ContextPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.ended_on:
        raise ContextRefused("This plan has already ended.")
    _not_future(reviewed_on, "the date of the review")
    progress = written(progress, "the progress made")
    changes = written(changes, "what changes in the plan and why" if not ends_plan else "why the plan ends")
    if ends_plan:
        next_review_on = None
    elif next_review_on is None or next_review_on <= reviewed_on:
        raise ContextRefused("Set the next review date, after this review (or record that the plan ends).")
    review = PlanReview.objects.create(plan=plan, reviewed_on=reviewed_on, progress=progress, changes=changes,
                                       next_review_on=next_review_on, ends_plan=ends_plan, reviewed_by=user,
                                       agency=_agency(user))
    if ends_plan:
        plan.ended_on = reviewed_on
        plan.save(update_fields=["ended_on"])
    log_action(user, "context: plan review", reason=changes, detail={
        "context": plan.context_id, "plan": plan.pk, "review": review.pk, "ends_plan": ends_plan,
        "next_review_on": str(next_review_on or "")})
    return review


# ------------------------------------------------------------------------------------------ conference


NAMES_A_CHILD = (
    "A context conference discusses the place or group, not individual children, so this record cannot name "
    "a child. {where} names {who}, who is linked to a context being discussed. Describe what happens in the "
    "context (who is there, when, what adults do, what keeps young people safe) without naming any child; "
    "what concerns one child belongs in that child's own record and plan."
)


def _refuse_child_names(user, texts: dict[str, str], contexts) -> None:
    connected: set[int] = set()
    for context in contexts:
        connected |= children_connected(context)
    if not connected:
        return
    from joinedup.people.selectors import visible_people

    for where, text in texts.items():
        found = named_children(text, connected)
        if found:
            visible = visible_people(user).filter(pk__in=found)
            names = [p.display_name for p in visible]
            who = (f"“{names[0]}”" if len(found) == 1 and names else
                   "a child" if len(found) == 1 else f"{len(found)} children")
            raise ContextRefused(NAMES_A_CHILD.format(where=where, who=who))


@transaction.atomic
def record_conference(*, user, held_on: date, chair_name: str, chair_organisation: str, contexts: list[Context],
                      discussion: str, attendees: list[dict], actions: list[dict] = ()) -> ContextConference:
    """A context conference: the contexts discussed, who attended (statutory and non-statutory partners), what
    was discussed about the contexts (never naming a child linked to them), and the actions agreed."""
    _check(permissions.may_plan(user), "Context conferences are recorded by MASH officers, team managers and "
                                       "designated safeguarding leads.")
    contexts = list(dict.fromkeys(contexts))
    if not contexts:
        raise ContextRefused("Choose the context or contexts the conference discussed.")
    _not_future(held_on, "the date the conference was held")
    chair = _required(chair_name, "the chair's name")
    chair_org = _required(chair_organisation, "the chair's organisation")
    discussion = written(discussion, "what was discussed about the context")
    if not attendees:
        raise ContextRefused("List who attended or sent apologies.")
    for person in attendees:
        _required(person.get("name"), "each attendee's name")
        _required(person.get("organisation"), "each attendee's organisation")
        if person.get("partner") not in PartnerType.values:
            raise ContextRefused("Say whether each attendee's organisation is a statutory or non-statutory partner.")
        if person.get("attendance", Attendance.ATTENDED) not in Attendance.values:
            raise ContextRefused("Say whether each attendee attended or sent apologies.")
    for item in actions:
        written(item.get("action"), "each action")
        _owner(item.get("owner_name"), item.get("owner_organisation"), item.get("owner_partner"))
        if item.get("due_on") is None:
            raise ContextRefused("Give the date each action is due.")
        if item.get("context") is not None and item["context"] not in contexts:
            raise ContextRefused("An action's context must be one of the contexts discussed.")
    texts = {"The discussion": discussion}
    texts.update({f"Action {n}": item["action"] for n, item in enumerate(actions, 1)})
    _refuse_child_names(user, texts, contexts)
    conference = ContextConference.objects.create(held_on=held_on, chair_name=chair, chair_organisation=chair_org,
                                                  discussion=discussion, recorded_by=user, agency=_agency(user))
    conference.contexts.set(contexts)
    ConferenceAttendee.objects.bulk_create([ConferenceAttendee(
        conference=conference, name=p["name"].strip(), organisation=p["organisation"].strip(), partner=p["partner"],
        attendance=p.get("attendance") or Attendance.ATTENDED) for p in attendees])
    ConferenceAction.objects.bulk_create([ConferenceAction(
        conference=conference, context=item.get("context"), action=item["action"].strip(),
        owner_name=item["owner_name"].strip(), owner_organisation=item["owner_organisation"].strip(),
        owner_partner=item["owner_partner"], due_on=item["due_on"]) for item in actions])
    log_action(user, "context: conference", reason=discussion, detail={
        "conference": conference.pk, "contexts": [c.pk for c in contexts], "held_on": str(held_on),
        "attendees": len(attendees), "non_statutory": sum(p["partner"] == PartnerType.NON_STATUTORY for p in attendees),
        "actions": len(actions)})
    return conference


@transaction.atomic
def record_weighting(conference: ContextConference, *, user,
                     order: list[tuple[Context, str]]) -> list[ContextWeighting]:
    """Context weighting (guidance §3.6): the contexts discussed, in the order they need to change, first first,
    each with the reason for its place. An order with reasons, never a score. Recording it again replaces the
    order; the audit log keeps the one before."""
    _check(permissions.may_plan(user), "Context weighting is recorded by MASH officers, team managers and "
                                       "designated safeguarding leads.")
    discussed = set(conference.contexts.all())
    placed = [context for context, _ in order]
    if len(set(placed)) != len(placed):
        raise ContextRefused("Each context takes one place in the order.")
    if set(placed) != discussed:
        raise ContextRefused("Place every context the conference discussed in the order, and only those.")
    reasons = [written(reason, f"why {context} is at this place in the order") for context, reason in order]
    texts = {f"The reason for {context}": reason for context, reason in zip(placed, reasons, strict=True)}
    _refuse_child_names(user, texts, placed)
    before = [{"context": w.context_id, "position": w.position, "reason": w.reason}
              for w in conference.weightings.all()]
    conference.weightings.all().delete()
    rows = ContextWeighting.objects.bulk_create([
        ContextWeighting(conference=conference, context=context, position=n, reason=reason, recorded_by=user)
        for n, (context, reason) in enumerate(zip(placed, reasons, strict=True), 1)])
    after = [{"context": w.context_id, "position": w.position, "reason": w.reason} for w in rows]
    log_action(user, "context: weighting", reason=reasons[0], detail={
        "conference": conference.pk, "before": before, "after": after})
    return rows
