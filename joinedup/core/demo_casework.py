"""Believable synthetic casework for the demo partnership, written through the casework services.

`seed_demo_casework(as_of)` gives a handful of the synthetic partnership's children (chosen from the open
prompts the demo has already raised, and from the West Sussex scenario's place) the casework the new apps
hold, so their pages show something to each demo login:

    referrals   from the DSL, teacher, police, nurse and youth worker: decided with reasons and fed back, one
                waiting three working days for the MASH's decision (D01), one decided without feedback (D02)
    inbox       a police missing report pushed through the import API (delivered to the allocated social
                worker and the school's queue), referrals and answers to requests; one acknowledged
    sharing     a decision not to share, with reasons; a request answered with its purpose; one waiting
    decisions   a step-down awaiting the team manager's sign-off, a step-up signed off, and a closure after
                was-not-brought prompts: refused without a risk review, then recorded with one
    escalation  at stage 2, with stage 1's response on its timeline, the current stage overdue (D03)
    meetings    a strategy discussion: invitations, attendance, circulated minutes, a decision, owned actions,
                one overdue (D05) and one done with a note
    training    a learner for every demo user, volunteers and support staff, sessions so that compliance
                differs by agency (refreshers expired, courses missing)
    contexts    the West Sussex scenario's address (the place its context prompt names): a referral, a context
                assessment, a plan with a non-statutory partner's action and a review, a context conference
                with weighting; and a park referred without naming any child

Every record goes through the app's own service, so its checks and audit entries apply. The services date
what they record "now"; dates in the story (received three working days ago, decided the next morning) are
then set on the stored rows, relative to `as_of`. The audit log keeps the real time of seeding. Emails the
services send are held back (counted, not printed) so the demo's terminal shows the logins. The whole run is
one transaction: it records everything or nothing, and it records nothing when casework already exists.

With `as_of` before today, the services still check their own dates against today (a review date must be
after today), so future dates are never earlier than tomorrow, and a prompt a service raises at once for the
real day may also appear.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from importlib import import_module

from django.core import mail
from django.db import transaction
from django.db.models import Count
from django.test.utils import override_settings
from django.utils import timezone

from engine.prompts.calendar import add_months, add_working_days, is_working_day
from joinedup.accounts.models import User
from joinedup.agencies.models import Agency
from joinedup.contexts import services as contexts
from joinedup.contexts.choices import ActionStatus, Attendance, PartnerType
from joinedup.contexts.models import Context, ContextConference, ContextReferral
from joinedup.decisions import services as decisions
from joinedup.decisions.models import CaseDecision, Kind
from joinedup.escalations import services as escalations
from joinedup.escalations.models import Category, Escalation
from joinedup.events.models import Event
from joinedup.inbox import services as inbox
from joinedup.inbox.models import Action, InboxItem
from joinedup.meetings import services as meetings
from joinedup.meetings.models import AgencyAttendance, DecisionKind, Meeting, MeetingKind
from joinedup.people.models import Allocation, Person, SourceRecord
from joinedup.people.selectors import visible_people
from joinedup.places.models import Location, LocationKind
from joinedup.prompts.deadlines import raise_overdue
from joinedup.prompts.models import Prompt, Status
from joinedup.referrals import services as referrals
from joinedup.referrals.models import Consent, Outcome, Referral
from joinedup.sharing import services as sharing
from joinedup.sharing.models import AgencyRequest, ReasonCategory, RequestResponse, WithholdDecision
from joinedup.training import services as training
from joinedup.training.models import Attendance as TrainingAttendance
from joinedup.training.models import Learner

__all__ = ["DemoCaseworkError", "Seeded", "existing_casework", "seed_demo_casework"]

USERNAMES = ("mash", "socialworker", "manager", "dsl", "teacher", "police", "nurse", "youthworker", "analyst",
             "admin", "police-system")
AGENCIES = ("police", "csc", "school-hilltop", "health", "mash", "youth")
CASEWORK = {"referrals": Referral, "case decisions": CaseDecision, "escalations": Escalation, "meetings": Meeting,
            "context referrals": ContextReferral, "context conferences": ContextConference,
            "information requests": AgencyRequest, "decisions not to share": WithholdDecision,
            "training attendances": TrainingAttendance}
HELD_BACK = "django.core.mail.backends.locmem.EmailBackend"
STATUTORY = ("joinedup.encompass", "joinedup.cpteams", "joinedup.cpis")


class DemoCaseworkError(RuntimeError):
    """The demo partnership is not ready for casework (no demo accounts or no linked children)."""


@dataclass
class Seeded:
    """What one run recorded, in words for the terminal, and the counts behind them."""

    as_of: date
    lines: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    deadline_prompts: Counter = field(default_factory=Counter)
    emails_held_back: int = 0


def existing_casework() -> dict[str, int]:
    """Casework records already stored, by kind (empty: none). The demo adds its casework only to none."""
    return {name: n for name, model in CASEWORK.items() if (n := model.objects.count())}


# ------------------------------------------------------------------------------------------------ the run


class Story:
    """The users, agencies and calendar of one run, and the children already given a part."""

    def __init__(self, as_of: date):
        self.as_of, self.today = as_of, timezone.localdate()
        self.users = {u.username: u for u in User.objects.filter(username__in=USERNAMES).select_related("agency")}
        missing = sorted(set(USERNAMES) - set(self.users))
        if missing:
            raise DemoCaseworkError(f"The demo accounts are missing ({', '.join(missing)}): run `joinedup demo`.")
        self.agencies = {a.code: a for a in Agency.objects.filter(code__in=AGENCIES)}
        if set(AGENCIES) - set(self.agencies):
            raise DemoCaseworkError("The demo partnership's agencies are missing: run `joinedup demo`.")
        self.used: set[int] = set()
        self._sees: dict[str, set[int]] = {}
        self._open: dict[int, set[str]] | None = None
        self.refused: list[str] = []

    def user(self, name: str) -> User:
        return self.users[name]

    def sees(self, name: str) -> set[int]:
        if name not in self._sees:
            self._sees[name] = set(visible_people(self.users[name]).filter(person_type="child")
                                   .values_list("pk", flat=True))
        return self._sees[name]

    def open_prompts(self) -> dict[int, set[str]]:
        """Children with open prompts: person id -> the rules."""
        if self._open is None:
            self._open = {}
            rows = Prompt.objects.filter(status=Status.OPEN, person__person_type="child",
                                         person__merged_into__isnull=True).values_list("person_id", "rule_id")
            for person_id, rule in rows:
                self._open.setdefault(person_id, set()).add(rule)
        return self._open

    def wd(self, n: int) -> date:
        """n working days after (n > 0) or before (n < 0) `as_of`."""
        if n >= 0:
            return add_working_days(self.as_of, n) if n else self.as_of
        day, counted = self.as_of, 0
        while counted < -n:
            day -= timedelta(days=1)
            counted += is_working_day(day)
        return day

    def later(self, days: int) -> date:
        """`days` after `as_of`, and never before tomorrow (the services refuse review dates in the past)."""
        return max(self.as_of + timedelta(days=days), self.today + timedelta(days=1))

    @staticmethod
    def at(day: date, clock: str) -> datetime:
        hour, minute = (int(part) for part in clock.split(":"))
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def pick(self, seen_by: tuple[str, ...], *, rules: tuple[str, ...] = (), prefer=(), quiet: bool = False,
             avoid: tuple[str, ...] = ()) -> Person:
        """A child every named user may open, not yet in the story: one with an open prompt of `rules` first
        (or, `quiet`, one with no open prompt), `prefer`red ones first, never one with a prompt in `avoid`."""
        pool = set.intersection(*(self.sees(name) for name in seen_by)) - self.used
        prompts = self.open_prompts()
        pool = {p for p in pool if not prompts.get(p, set()) & set(avoid)}
        tiers = [{p for p in pool if not prompts.get(p)}] if quiet else []
        if rules:
            tiers.append({p for p in pool if prompts.get(p, set()) & set(rules)})
        tiers += [{p for p in pool if p in prompts}, pool]
        for tier in tiers:
            if tier:
                chosen = min(tier, key=lambda p: (p not in prefer, p))
                self.used.add(chosen)
                return Person.objects.get(pk=chosen)
        raise DemoCaseworkError(f"No child visible to {', '.join(seen_by)} is left for the demo casework.")


def _set(obj, **fields) -> None:
    """Date a stored row as the story has it (after the service recorded it now)."""
    type(obj).objects.filter(pk=obj.pk).update(**fields)
    for name, value in fields.items():
        setattr(obj, name, value)


def _words(person: Person) -> dict[str, str]:
    """Pronouns for the child's recorded sex ("they" when it is not known), with the verbs that follow them."""
    forms = {"F": ("she", "her", "her", "was", "has", "is"), "M": ("he", "him", "his", "was", "has", "is")}
    they, them, their, was, has, is_ = forms.get(person.sex, ("they", "them", "their", "were", "have", "are"))
    return {"they": they, "them": them, "their": their, "They": they.capitalize(), "Their": their.capitalize(),
            "was": was, "has": has, "is": is_}


def _say(text: str, person: Person | None = None, **extra) -> str:
    """One paragraph of casework text: whitespace tidied, the child's pronouns and `extra` filled in."""
    text = " ".join(text.split())
    return text.format(**(_words(person) if person is not None else {}), **extra) if person or extra else text


def _paragraphs(text: str, person: Person, **extra) -> str:
    return "\n\n".join(_say(part, person, **extra) for part in text.strip().split("\n\n"))


def _day(day: date) -> str:
    return f"{day:%A %-d %B}"


def _place_words(location: Location) -> str:
    return ", ".join(part for part in (location.name, location.address, location.postcode) if part)


def _street(context: Context) -> str:
    """The street of a context's address ("158 Abbey Close, Millbeck" -> "Abbey Close"), else its name."""
    address = context.location.address if context.location_id else ""
    street = address.split(",")[0].lstrip("0123456789 ").strip()
    return street or context.name


# ------------------------------------------------------------------------------------------------ the cast


@dataclass
class Cast:
    context: Context
    context_prompt: Prompt | None
    girl_a: Person          # West Sussex: referred, strategy discussion, allocated social worker
    girl_b: Person          # West Sussex: referred, advice; the school escalates
    missing: Person         # police referral, allocated to the social worker
    two_agencies: Person    # teacher's referral
    household: Person       # nurse's referral, waiting for the MASH (D01)
    older: Person           # youth worker's referral, decided, referrer not told (D02)
    step_up: Person
    step_down: Person
    not_brought: Person     # was-not-brought prompts: closure needs a risk review


def _west_sussex(story: Story) -> tuple[Context, Prompt | None, list[Person]]:
    """The place the West Sussex scenario's context prompt names, and the children it names."""
    prompt = (Prompt.objects.filter(rule_id="C01", context__location__kind=LocationKind.ADDRESS)
              .annotate(n=Count("children")).order_by("-n", "pk").select_related("context__location").first())
    if prompt is not None:
        context, children = prompt.context, list(prompt.children.order_by("pk"))
    else:
        location = (Location.objects.filter(kind=LocationKind.ADDRESS, association__record__person__person_type="child")
                    .annotate(n=Count("association__record__person", distinct=True)).order_by("-n", "pk").first())
        if location is None:
            raise DemoCaseworkError("The partnership has no place linked to children: run `joinedup demo`.")
        context, _ = contexts.find_or_create_context(user=story.user("mash"), location=location)
        children = list(Person.objects.filter(records__associations__location=location, person_type="child")
                        .distinct().order_by("pk"))
    seen = story.sees("dsl") & story.sees("socialworker") & story.sees("police")
    girls = [child for child in children if child.pk in seen][:2]
    story.used.update(girl.pk for girl in girls)
    while len(girls) < 2:
        girls.append(story.pick(("dsl", "socialworker", "police"), rules=("P10", "P13", "P33")))
    return context, prompt, girls


def choose_cast(story: Story) -> Cast:
    context, prompt, (girl_a, girl_b) = _west_sussex(story)
    allocated = set(Allocation.objects.filter(worker=story.user("socialworker")).values_list("person_id", flat=True))
    not_brought = story.pick(("socialworker", "manager", "nurse"), rules=("P04", "P05"))
    return Cast(
        context=context, context_prompt=prompt, girl_a=girl_a, girl_b=girl_b,
        missing=story.pick(("police", "socialworker"), rules=("P01", "P12", "P21"), prefer=allocated),
        two_agencies=story.pick(("teacher",), rules=("P22", "P20")),
        household=story.pick(("nurse",), rules=("P14", "P15", "P16")),
        older=story.pick(("youthworker",), rules=("P24", "P26", "P13", "P23")),
        step_up=story.pick(("socialworker", "manager"), rules=("P15", "P14"), avoid=("P04", "P05")),
        step_down=story.pick(("socialworker", "manager"), quiet=True, prefer=allocated, avoid=("P04", "P05")),
        not_brought=not_brought,
    )


def _allocate(story: Story, person: Person, since: date) -> None:
    """The social worker is allocated to the child (if not already), as from `since`."""
    worker = story.user("socialworker")
    if not Allocation.objects.filter(worker=worker, person=person).exists():
        Allocation.objects.create(worker=worker, person=person, start_date=since)


# ------------------------------------------------------------------------------------------------ referrals


def _refer(story: Story, who: str, person: Person, *, day: date, clock: str, need: str, concern: str, wanted: str,
           consent: str = Consent.GIVEN, consent_reason: str = "") -> Referral:
    made = referrals.make_referral(referrer=story.user(who), person=person, need_level=need, concern=concern,
                                   wanted_outcome=wanted, consent=consent, consent_reason=consent_reason)
    _set(made, received_on=day, created_at=story.at(day, clock))
    for item in InboxItem.objects.filter(referral=made):    # delivered to allocated workers when it was received
        _set(item, arrived_on=day, arrived_at=story.at(day, clock),
             summary=item.summary.replace(f"{story.today:%-d %b %Y}", f"{day:%-d %b %Y}"))
    return made


def _decide(story: Story, referral: Referral, *, day: date, clock: str, outcome: str, need: str, reasons: str) -> None:
    referrals.decide(referral, actor=story.user("mash"), outcome=outcome, mash_need_level=need, reasons=reasons)
    _set(referral, decided_at=story.at(day, clock))


def _tell(story: Story, referral: Referral, *, day: date, clock: str, feedback: str, next_steps: str,
          read_at: str = "") -> None:
    referrals.give_feedback(referral, actor=story.user("mash"), feedback=feedback, next_steps=next_steps)
    _set(referral, feedback_at=story.at(day, clock))
    if read_at:
        referrals.mark_feedback_read(referral, referral.referrer)
        _set(referral, feedback_read_at=story.at(day, read_at))


def seed_referrals(story: Story, cast: Cast) -> dict[str, Referral]:
    place = _place_words(cast.context.location) if cast.context.location_id else cast.context.name
    a, b = cast.girl_a, cast.girl_b
    out = {}
    # The school refers a girl seen going to the address: strategy discussion, the school told the next day.
    day = story.wd(-6)
    out["girl_a"] = r = _refer(
        story, "dsl", a, day=day, clock="09:40", need="specialist", consent=Consent.NOT_SOUGHT,
        concern=_say("""{They} {has} been seen three times this month getting into a grey car driven by an adult man
            outside the school gates. Two friends told {their} form tutor that {they} {has} been going to a flat at {place}
            most evenings, where men give {them} cannabis and vodka. {They} {has} been late or absent on eight mornings
            since half term and {was} distressed and tearful in lessons on {day}.""", a, place=place,
                     day=_day(story.wd(-7))),
        wanted="A strategy discussion and a section 47 enquiry, with the police told about the address today.",
        consent_reason=_say("""Telling the family before a strategy discussion could alert the adults at the address
            and place {them} at greater risk. The family does not yet know of this referral.""", a))
    _decide(story, r, day=day, clock="11:15", outcome=Outcome.STRATEGY, need="specialist", reasons=_say(
        """The school's information, with the police record of {them} being found at the same address with an adult
        man and the police intelligence about the flat, gives reasonable cause to suspect {they} {is} suffering
        significant harm through sexual exploitation. Other children are linked to the same flat. A strategy
        discussion is needed within two working days, with police, health and the school.""", a))
    _tell(story, r, day=story.wd(-5), clock="10:05", read_at="12:30",
          feedback=_say("""The MASH agreed that your concerns meet the threshold for a strategy discussion (a possible
            section 47 enquiry). The police information about the address supports what the school has seen."""),
          next_steps=_say("""Sam Okafor, social worker, is allocated and will invite you to the strategy discussion.
            Keep a note of any car seen waiting by the gates (with its registration) and call the MASH the same day if
            {they} {is} seen with the man again or reported missing.""", a))
    _allocate(story, a, story.wd(-5))

    # The school refers a second girl: information and advice. The school escalates this decision.
    day = story.wd(-9)
    out["girl_b"] = r = _refer(
        story, "dsl", b, day=day, clock="14:10", need="specialist", consent=Consent.GIVEN,
        concern=_say("""Friends say {they} {has} been going to a flat at {place} after school with older girls, and {they} told a
            teaching assistant that a man there gives {them} lifts and cigarettes and 'looks after' {them}. {They}
            came to school on {day} without {their} phone and frightened, and would not say where {they} had
            been.""", b, place=place, day=_day(story.wd(-10))),
        wanted="A strategy discussion, linking this with what is known about the address and other pupils.")
    _decide(story, r, day=day, clock="16:30", outcome=Outcome.ADVICE, need="early_help", reasons=_say(
        """Considered the school's information with police and health records: one police contact at the address,
        when {they} {was} taken home; no disclosure. {Their} mother says she will collect {them} from school and keep
        {them} home in the evenings. Advice to the school to keep monitoring; early help offered to the family.""", b))
    _tell(story, r, day=story.wd(-8), clock="09:30", read_at="11:00",
          feedback=_say("""The MASH decided on information and advice: the concerns as referred do not yet meet the
            threshold for a strategy discussion, and the family has accepted early help."""),
          next_steps=_say("""The family hub will contact the family this week. Refer again straight away with anything new
            (another sighting at the address, a missing episode, a disclosure), and tell the MASH if the family does
            not take up early help."""))

    # The police refer a child reported missing again: assessment; the officer has not opened the feedback yet.
    child = cast.missing
    _allocate(story, child, story.wd(-40))
    day = story.wd(-10)
    out["missing"] = r = _refer(
        story, "police", child, day=day, clock="08:50", need="targeted", consent=Consent.NOT_SOUGHT,
        concern=_say("""Reported missing four times in six weeks. Each time {they} {was} found late at night in
            Northbridge town centre with older teenagers; on the last occasion {they} had a new phone and sixty pounds
            in cash {they} could not explain, and said {they} had been 'helping a mate'. Return home interviews were
            offered twice and not completed.""", child),
        wanted="A child and family assessment, and a return home interview by someone the child trusts.",
        consent_reason=_say("""The officer could not reach the family before the end of the shift; the repeated missing
            episodes mean the referral should not wait. The family will be told by the MASH."""))
    _decide(story, r, day=story.wd(-9), clock="10:00", outcome=Outcome.ASSESSMENT, need="targeted", reasons=_say(
        """Four missing episodes in six weeks, unexplained money and a new phone, and return home interviews not
        completed: possible criminal exploitation. {They} {is} already open to children's social care, so the
        allocated social worker will lead a child and family assessment with the police missing persons team.""",
        child))
    _tell(story, r, day=story.wd(-9), clock="15:20",
          feedback=_say("""The MASH has asked the allocated social worker to complete a child and family assessment, with
            the missing persons team, looking at possible criminal exploitation."""),
          next_steps=_say("""The social worker will contact you this week to share what the police hold about the places
            the child is found. Report every further missing episode to the MASH the same day."""))

    # The teacher refers a child two agencies have worried about: early help; the teacher has not opened the reply.
    child = cast.two_agencies
    day = story.wd(-8)
    out["two_agencies"] = r = _refer(
        story, "teacher", child, day=day, clock="15:45", need="early_help", consent=Consent.GIVEN,
        concern=_say("""{They} {has} come to school hungry most days this term and in the same unwashed uniform, and
            {was} not collected at the end of the day three times this month. {They} told me there is 'no one at home'
            after school. The school nurse also noted in September that {they} {was} not brought to two hearing
            appointments.""", child),
        wanted="Early help for the family, with a lead professional and a plan the school can be part of.")
    _decide(story, r, day=story.wd(-7), clock="09:20", outcome=Outcome.EARLY_HELP, need="early_help", reasons=_say(
        """Concerns about {their} basic care from the school and health over several months, with no single incident
        of harm; {their} mother agreed to the referral. Early help with a lead professional can bring school, health
        and the family together; the MASH will review if the concerns grow or the family does not engage.""", child))
    _tell(story, r, day=story.wd(-7), clock="11:40",
          feedback=_say("""The MASH agreed early help is the right response: your referral has gone to the family hub,
            which will arrange an early help assessment with the family."""),
          next_steps=_say("""A family support worker will ask the school to a first team-around-the-family meeting within
            ten working days. If you see signs of harm, or the child is not collected again, call the MASH that day."""))

    # The nurse refers a child after domestic abuse at home: received three working days ago, no decision (D01).
    child = cast.household
    out["household"] = _refer(
        story, "nurse", child, day=story.wd(-3), clock="11:20", need="specialist", consent=Consent.NOT_SOUGHT,
        concern=_say("""{They} {was} brought to the emergency department on {day} by {their} mother, who had a cut lip
            and said her partner had pushed her into a door during an argument while the child was in the room. Police
            records shared with health show three domestic abuse call-outs to the home this year.""", child,
                     day=_day(story.wd(-4))),
        wanted="A strategy discussion about the child's safety at home, and a check on the other children there.",
        consent_reason=_say("""Seeking the partner's consent could place the child and {their} mother at greater
            risk; the mother knows the nurse is sharing the information with the MASH.""", child))

    # The youth worker refers an older child: decided two days later, the youth worker not yet told (D02).
    child = cast.older
    day = story.wd(-6)
    out["older"] = r = _refer(
        story, "youthworker", child, day=day, clock="16:05", need="specialist", consent=Consent.GIVEN,
        concern=_say("""At the detached session in Millbeck Park on {day}, {they} told me {they} {has} been doing
            'runs' to Thornwick for an older man who pays in cash and cannabis, and that {they} owed him money after
            {their} phone was taken. {They} had a fresh cut across {their} hand and said {they} could not go home
            until the debt was paid.""", child, day=_day(story.wd(-7))),
        wanted="A strategy discussion about criminal exploitation, and a safe place to stay tonight if needed.")
    _decide(story, r, day=story.wd(-5), clock="10:10", outcome=Outcome.ASSESSMENT, need="targeted", reasons=_say(
        """{They} described being paid and threatened by an adult to carry drugs, with a debt and an injury: signs of
        criminal exploitation. {They} returned home that night and {their} parent is protective and engaging. A child
        and family assessment with the youth service and the police exploitation team, with a strategy discussion if
        the threats continue.""", child))
    return out


# ------------------------------------------------------------------------------------------------ inbox


def seed_inbox(story: Story, cast: Cast) -> list[InboxItem]:
    """A police missing report about the first girl, pushed through the import API by the police records system:
    the platform delivers it to her allocated social worker and to the school's queue (it was shared with both).
    The social worker acknowledges it with an action; the school's item and the police referral wait."""
    from engine.ingest import rows_from_objects
    from joinedup.imports.services import import_rows

    girl, police = cast.girl_a, story.agencies["police"]
    record = SourceRecord.objects.filter(person=girl, agency=police).order_by("pk").first()
    if record is None:
        return []
    location = cast.context.location
    occurred = story.at(story.wd(0) - timedelta(days=1), "22:40")
    row = {"event_id": f"DEMO-MISSING-{occurred:%Y%m%d}-{record.record_id}", "record_ids": [record.record_id],
           "occurred_at": timezone.localtime(occurred).strftime("%Y-%m-%dT%H:%M"), "event_type": "police.missing_report",
           "author": "PC Chris Dunmore", "author_role": "Police constable, missing persons", "child_seen": True,
           "information_source": "first_hand", "shared_with": ["csc", "school-hilltop"],
           "note": _say("""Reported missing by {their} mother at 22:40 after not coming home from school. Found by
               officers at 01:15 at the flat named in the strategy discussion, with two adult men; {they} smelt of
               cannabis. Taken home; safe and well check completed; return home interview requested.""", girl),
           "attributes": {"found_at": "the flat named in the strategy discussion"}}
    if location is not None:
        row.update({"location_kind": location.kind, "location_address": location.address,
                    "location_postcode": location.postcode, "location_name": location.name})
    import_rows(rows_from_objects("events", [row], source="api"), agency=police, kind="events",
                source_name="api:events", user=story.user("police-system"))
    items = list(InboxItem.objects.filter(event__source_id=row["event_id"]))
    mine = next((i for i in items if i.worker_id == story.user("socialworker").pk), None)
    if mine is not None:
        inbox.acknowledge(mine, actor=story.user("socialworker"), action=Action.PLAN_UPDATED, note=_say(
            """Added to the section 47 enquiry. Spoke to PC Dunmore this morning: the men at the flat are being
            identified for warning notices. Visited {them} at home with {their} mother and agreed a safety plan for
            the evenings; strategy meeting brought forward.""", girl))
    return list(InboxItem.objects.all())


# ------------------------------------------------------------------------------------------------ sharing


def seed_sharing(story: Story, cast: Cast) -> None:
    a, b = cast.girl_a, cast.girl_b
    police, school, health = (story.agencies[c] for c in ("police", "school-hilltop", "health"))
    # The police withhold the detail of where and with whom the first girl was found from the school.
    event = (Event.objects.filter(agency=police, subjects__person=a).exclude(eventshare__agency=school)
             .order_by("-occurred_at", "-pk").first())
    withheld = sharing.withhold(
        actor=story.user("police"), person=a, withheld_from=school, event=event,
        what="" if event else "Police intelligence about the adults who use the flat",
        reason_category=ReasonCategory.INVESTIGATION, review_on=story.later(42),
        reasons=_say("""A police investigation into the adults who use the flat is live. The record names the men and a
            witness, and sharing it with the school now could reach the suspects through other pupils. The school
            already knows the safeguarding concern and is part of the strategy discussion; the detail will be shared
            once the suspects have been interviewed. Discussed with the detective sergeant."""))
    _set(withheld, decided_at=story.at(story.wd(-3), "14:00"))
    # The social worker asks health what it holds, saying why; the nurse answers.
    asked = sharing.make_request(
        actor=story.user("socialworker"), person=a, to_agency=health, purpose="strategy", needed_by=story.later(3),
        purpose_detail=_say("""For the section 47 enquiry agreed at the strategy discussion on {day}: any emergency
            department or sexual health attendances since September, and anything health staff have recorded about
            adults with {them}.""", a, day=_day(story.wd(-4))))
    _set(asked, created_at=story.at(story.wd(-3), "09:15"))
    sharing.answer_request(asked, actor=story.user("nurse"), response=RequestResponse.SHARED, response_text=_say(
        """The trust's records since September show no emergency department attendance. The sexual health service
        and {their} GP practice have been asked to tell the social worker the same day if {they} attend. I will bring
        the health chronology to the next strategy meeting.""", a))
    _set(asked, responded_at=story.at(story.wd(-2), "14:30"))
    InboxItem.objects.filter(request=asked).update(arrived_on=story.wd(-2), arrived_at=story.at(story.wd(-2), "14:30"))
    # The school asks the police about the second girl; the request waits for the police to answer.
    waiting = sharing.make_request(
        actor=story.user("dsl"), person=b, to_agency=police, purpose="safety_now", needed_by=story.later(2),
        purpose_detail=_say("""Friends say {they} {was} at the flat again at the weekend. We need to know whether the
            police have had any contact with {them} there, or know the men {they} {is} with, to plan how to keep {them}
            safe at the end of the school day.""", b))
    _set(waiting, created_at=story.at(story.wd(-1), "08:45"))


# ------------------------------------------------------------------------------------------------ decisions


def _health_worker(person: Person, on: date) -> str:
    """Who in health sees a child at home: the health visitor under five, the school nurse from five."""
    born = person.date_of_birth
    if born is None:
        return "health visitor or school nurse"
    return "health visitor" if (on.year - born.year - ((on.month, on.day) < (born.month, born.day))) < 5 else \
        "school nurse"


NUMBERS = {0: "no", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def _service_words(person: Person) -> tuple[str, int, date | None, date | None]:
    """The service the child was not brought to, how many times, and the first and last, from the records."""
    events = Event.objects.filter(subjects__person=person, event_type="appointment.was_not_brought").order_by(
        "occurred_at")
    first, last = events.first(), events.last()
    service = ((last.attributes or {}).get("service") if last else None) or "health"
    return (service, events.count(), *(timezone.localtime(e.occurred_at).date() if e else None for e in (first, last)))


def seed_decisions(story: Story, cast: Cast) -> None:
    worker, manager = story.user("socialworker"), story.user("manager")
    # A step-up, signed off by the team manager.
    child = cast.step_up
    up = decisions.record_decision(child, worker, kind=Kind.STEP_UP, from_level="early_help", to_level="targeted",
                                   reasons=_say("""{Their} mother's new partner has moved into the household and the
        police have shared two domestic abuse call-outs since he arrived. The early help worker has not seen {them} alone
        since; {their} mother has cancelled the last two visits. Early help alone cannot keep {them} safe: a child and
        family assessment is needed.""", child))
    _set(up, decided_at=story.at(story.wd(-8), "15:00"))
    decisions.sign_off(up, manager, agreed=True, reasons=_say("""I agree. The police information about the new
        partner changes the picture: an assessment under section 17 must see {them} alone and speak to the school and
        the health visitor. Allocated to Sam Okafor; to be started within five working days.""", child))
    _set(up, signed_off_at=story.at(story.wd(-7), "10:30"))
    # A step-down, awaiting the team manager's sign-off.
    child = cast.step_down
    down = decisions.record_decision(
        child, worker, kind=Kind.STEP_DOWN, from_level="targeted", to_level="early_help",
        reasons=_say("""At the last three child in need reviews {they} had attended school every day, {their} mother had
            kept every appointment with the family support worker, and {they} told me {they} felt safe at home. The
            concerns that led to the plan (neglect of {their} basic care after a bereavement) are no longer
            present.""", child),
        help_in_place=_say("""Early help from the Northbridge family hub: a named family support worker visits weekly and
            the school's pastoral lead sees the child every Monday. Attendance this term and the last two visit notes
            show it is working."""),
        help_confirmed_with="Dana Whitley, family support worker, Northbridge Family Hub")
    _set(down, decided_at=story.at(story.wd(-1), "16:10"))
    # A closure after the child was not brought to appointments: refused without a risk review, then recorded.
    child = cast.not_brought
    service, count, first, last = _service_words(child)
    nurse = _health_worker(child, story.as_of)
    closure = {
        "kind": Kind.CLOSURE,
        "reasons": _say("""The concerns about {their} weight and home conditions that led to the assessment have
            been met: the {nurse} has seen {them} at home three times since the summer, {their} weight is back on
            {their} centile and the home is warm and clean.""", child, nurse=nurse),
        "help_in_place": _say("""The {nurse} continues to see {them}: a named {nurse} visits monthly and has offered
            the {service} follow-up as a home visit; {their} mother has kept the last three appointments.""", child,
                              nurse=nurse, service=service),
        "help_confirmed_with": "Ellis Grant, paediatric liaison nurse, Northshire Hospitals NHS Trust"}
    span = f" between {first:%-d %B %Y} and {last:%-d %B %Y}" if first and last and first != last else ""
    review = {
        "non_attendance_meaning": _say("""{They} {was} not brought to {count} {service} appointments{span}. A young
            child cannot take {them}self to appointments: each one missed meant {their} growth and development went
            unchecked while the concerns about {their} care at home were open.""", child, service=service, span=span,
                                       count=NUMBERS.get(count, str(count))),
        "risks_considered": _say("""Whether the child's weight and care have improved since, and whether the family
            can keep appointments without support. The {nurse}'s home visits show both have; closing is safe because
            the {nurse} keeps seeing the child and any further missed appointment comes straight back to the
            MASH.""", nurse=nurse),
        "consulted": f"Ellis Grant, paediatric liaison nurse, Northshire Hospitals NHS Trust; the family's {nurse}",
        "shared_with": [story.agencies["health"]],
        "shared_with_people": f"Ellis Grant (paediatric liaison nurse); the named {nurse}"}
    try:     # refused: the child has was-not-brought prompts, so closing needs a risk review (R35)
        closed = decisions.record_decision(child, worker, **closure)
    except decisions.DecisionRefused as refusal:
        story.refused.append(str(refusal))
        closed = decisions.record_decision(child, worker, risk_review=review, **closure)
    _set(closed, decided_at=story.at(story.wd(-2), "11:30"))
    if story.refused:
        _set(closed.risk_review, recorded_at=closed.decided_at)


# ------------------------------------------------------------------------------------------------ escalation


def seed_escalation(story: Story, cast: Cast, referral: Referral) -> Escalation:
    """The school disagrees with the MASH's decision on its referral: stage 1 answered, stage 2 overdue (D03)."""
    dsl, mash, child = story.user("dsl"), story.user("mash"), cast.girl_b
    raised = escalations.raise_escalation(
        child, dsl, against=f"referral:{referral.pk}", category=Category.LEVELS_OF_NEED,
        concern=_say("""Earlier referrals this year about other Year 9 girls linked to the same flat were each closed
            on their own. The pattern across them (older men, cannabis and alcohol, lifts in cars after school, a
            frightened child without {their} phone) points to sexual exploitation and meets the threshold for a
            strategy discussion. No disclosure should be expected from a child who is being groomed.""", child),
        outcome_sought=_say("""A strategy discussion about {them}, with the school invited, and the address considered
            as one context with the other children linked to it.""", child),
        with_name="Morgan Ashby", with_role="MASH social worker", with_agency=story.agencies["mash"])
    stage_1 = raised.current_stage()
    escalations.respond(raised, mash, response=_say("""I made the decision on the information in the referral: the mother
        is engaging and there has been no disclosure. I have added the school's new information to the record but
        have not changed the decision."""))
    escalations.next_stage(raised, dsl, with_name="Priya Nair", with_role="Team manager",
                           with_agency=story.agencies["csc"],
                           reasons=_say("""The response does not consider the links with the other girls at the address,
        the police intelligence about the flat, or that a child being groomed is unlikely to disclose. The difference
        about the threshold is not resolved between practitioners."""))
    raised_on, answered_on, moved_on = story.wd(-7), story.wd(-6), story.wd(-5)
    _set(raised, raised_at=story.at(raised_on, "09:05"))
    _set(stage_1, started_at=story.at(raised_on, "09:05"), responded_at=story.at(answered_on, "15:10"),
         ended_at=story.at(moved_on, "10:30"),
         due_on=escalations.stage_due(stage_1.code, raised_on, raised.urgent)[2])
    stage_2 = Escalation.objects.get(pk=raised.pk).current_stage()
    _set(stage_2, started_at=story.at(moved_on, "10:30"),
         due_on=escalations.stage_due(stage_2.code, moved_on, raised.urgent)[2])
    return raised


# ------------------------------------------------------------------------------------------------ meeting


MINUTES = """Purpose: to share what each agency knows about {them} being seen with adult men at the flat, decide
whether section 47 enquiries should start, and agree immediate safety planning.

Children's social care: {They} {was} seen alone at school on {before}. {They} described the men at the flat as
friends and said {they} did not want anyone to get into trouble. {Their} mother did not know where {they} went after
school.

Police: the flat is known from intelligence about adult men supplying cannabis to children. {They} {was} found there
with an adult man earlier this year and taken home. Other children from the same school are linked to the address.

School: late or absent on eight mornings since half term; a grey car waits by the gates; friends are worried about
{them}.

Health (written report): no recent emergency department attendance; the school nurse has offered to see {them}.

Agreed: the adults are responsible for the harm; section 47 enquiries to start; safety plan for the end of the school
day; disruption of the adults at the address; the address to be referred to the context conference."""


def seed_meeting(story: Story, cast: Cast) -> Meeting:
    """A strategy discussion about the first girl, four working days ago, its minutes circulated the next day."""
    child, chair, worker = cast.girl_a, story.user("manager"), story.user("socialworker")
    held = story.wd(-4)
    invited = [story.agencies[c] for c in ("csc", "police", "school-hilltop", "health")]
    meeting = meetings.create_meeting(
        person=child, kind=MeetingKind.STRATEGY_DISCUSSION, held_on=held, chair=chair, organiser=worker,
        agencies=invited, purpose=_say("""Share what each agency knows about {them} being seen with adult men at a
            local flat, decide whether section 47 enquiries should start, and agree immediate safety planning,
            including disruption of the adults.""", child),
        child_views=_say("""Seen alone at school by the social worker on {day}. {They} said the men at the flat are
            friends and that {they} did not want anyone to get into trouble; {they} would rather talk to the school
            nurse than the police.""", child, day=_day(story.wd(-5))))
    for code, attendance, who in (
            ("csc", AgencyAttendance.ATTENDED, "Sam Okafor, social worker"),
            ("police", AgencyAttendance.ATTENDED, "Chris Dunmore, police constable, missing persons"),
            ("school-hilltop", AgencyAttendance.ATTENDED, "Jo Whitfield, designated safeguarding lead"),
            ("health", AgencyAttendance.REPORT, "Ellis Grant, paediatric liaison nurse")):
        meetings.record_attendance(meeting, agency=story.agencies[code], attendance=attendance, actor=worker,
                                   represented_by=who)
    meetings.save_minutes(meeting, actor=worker, minutes=_paragraphs(MINUTES, child, before=_day(story.wd(-5))))
    meetings.record_decision(meeting, kind=DecisionKind.SECTION_47, actor=worker, reasons=_say(
        """Reasonable cause to suspect {they} {is} suffering significant harm through sexual exploitation: adult men at
        the flat, cannabis and alcohol given to children, a car waiting after school, and other children linked to the
        same address.""", child))
    meetings.add_action(
        meeting, actor=worker, owner=story.user("police"), due_on=story.wd(-2),
        description=_say("""Visit the flat with the housing officer to identify the adults living at and visiting it, and
            consider child abduction warning notices for the men seen with the child."""))
    done = meetings.add_action(   # due after today: an action added already overdue raises its prompt at once
        meeting, actor=worker, owner=story.user("dsl"), due_on=max(story.wd(1), story.later(1)),
        description=_say("""Put a safe end-of-day plan in place: a named member of staff sees the child to a parent's car,
            and any car waiting by the gates is recorded and its registration passed to the police."""))
    meetings.add_action(meeting, actor=worker, owner=story.user("nurse"), due_on=story.later(5),
                        description=_say("""Offer an appointment with the school nurse or the sexual health service, with
            someone the child trusts, to talk about health and relationships."""))
    meetings.add_action(meeting, actor=worker, owner=worker, due_on=story.later(9),
                        description=_say("""Complete the section 47 enquiries, seeing the child alone, and report the
            outcome to a strategy meeting."""))
    meetings.circulate_minutes(meeting, actor=worker)
    meetings.complete_action(done, actor=story.user("dsl"), completed_on=story.wd(-3), note=_say(
        """Plan in place since {day}: {their} head of year meets {them} at the end of each day and walks {them} to
        {their} mother's car. A grey car was seen by the gates that afternoon; the registration went to PC Dunmore
        the same day.""", child, day=_day(story.wd(-3))))
    _set(meeting, created_at=story.at(held, "16:00"), minutes_circulated_at=story.at(story.wd(-3), "12:00"))
    meeting.decisions.update(recorded_at=story.at(held, "16:00"))
    meeting.invitations.update(recorded_at=story.at(held, "16:00"))
    return meeting


# ------------------------------------------------------------------------------------------------ contexts


TRIANGLE = {
    "collective_needs": """Girls in years 9 and 10 from two schools go to the flat in the evenings, mostly in twos and
        threes. They look out for each other and some have told trusted adults what happens there; they need adults to
        act on what they say without making them feel blamed, and somewhere to be after school.""",
    "guardianship": """The housing officer, two neighbours and the shop opposite have noticed the cars and the
        visitors and told agencies. No one is yet responsible for acting on what they see out of hours; the tenant's
        visitors control who comes and goes.""",
    "environment": """The flat is on the ground floor at the end of a path behind the shops, out of sight of the road.
        The street light on the path is broken and a hedge hides the entrance; cars can wait on the service road
        unseen.""",
    "policy_and_practice": """The tenancy forbids nuisance, but no enforcement has started. Each referral about a child
        linked to the flat was decided on its own, and there has been no joint plan for the place itself.""",
}


def _context_referrals(story: Story, cast: Cast) -> Context:
    flat = cast.context
    made = contexts.refer(
        user=story.user("police"), context=flat, how_known="reported_by_third_party", reliability="probable",
        threshold_level="specialist", observed_on=story.wd(-7),
        source_detail="Two neighbours (to the neighbourhood policing team) and the housing association's officer.",
        concern=_say("""Men arrive in cars late in the evening and girls of secondary school age go into the flat; cannabis
            smoke and loud music most nights. The tenant's visitors change often, and a grey car waits on the
            service road at the end of the school day."""))
    _set(made, referred_at=story.at(story.wd(-7), "11:00"))
    park = contexts.refer(
        user=story.user("youthworker"), how_known="observed", reliability="verified", observed_on=story.wd(-8),
        place={"kind": LocationKind.PARK, "name": "Millbeck Park", "postcode": "NS9 1PB"},
        source_detail="Seen by the detached youth work team on two Friday evening sessions.",
        concern=_say("""On Friday evenings about eight young people aged around 13 to 15 gather by the skate ramp after dark.
            Two adult men in a grey car park on the service road; young people go to the car in turns, and vapes and
            cannabis are handed out. Young people say the men offer lifts and 'look after' them."""))
    _set(park, referred_at=story.at(story.wd(-8), "21:30"))
    _set(park.context, created_at=story.at(story.wd(-8), "21:30"))    # the youth service recorded the park then
    return park.context


def _context_plan(story: Story, flat: Context) -> None:
    mash = story.user("mash")
    assessment = contexts.record_assessment(
        flat, user=mash, assessed_on=story.wd(-3), **{k: " ".join(v.split()) for k, v in TRIANGLE.items()},
        strengths="Neighbours, the housing officer and the shop opposite are already telling agencies what they see.",
        concerns="Adults meet children behind a closed door; nothing yet changes the place itself.",
        goals="Adults can no longer meet children at the flat; the path is lit and overlooked; guardians know whom "
              "to call and are answered.",
        sources_consulted="Police intelligence, the school, the housing association, two neighbours, the youth "
                          "service and the children's own accounts in their records.")
    plan = contexts.start_plan(flat, user=mash, first_review_on=story.later(14), objectives=_say("""Make the flat and the
        path to it unsafe for adults to meet children: identify and disrupt the men who use the flat, enforce the
        tenancy, and make the walk from school past the flat lit and overlooked."""))
    contexts.add_action(plan, user=mash, owner_name="Lena Marsh", owner_organisation="Millbeck Homes housing association",
                        owner_partner=PartnerType.NON_STATUTORY, due_on=story.later(7), action=_say("""Visit the tenant with
        police, set out the tenancy conditions on visitors and nuisance, and start enforcement if it continues."""))
    police_action = contexts.add_action(
        plan, user=mash, owner_name="Chris Dunmore", owner_organisation="Northshire Police", owner_user=story.user("police"),
        owner_partner=PartnerType.STATUTORY, due_on=story.wd(-1), action=_say("""Serve child abduction warning notices on
        the adults identified at the flat and patrol the path at the end of the school day."""))
    contexts.add_action(plan, user=mash, owner_name="Street lighting team", owner_organisation="Northshire Council highways",
                        owner_partner=PartnerType.STATUTORY, due_on=story.later(21),
                        action="Repair the street light on the path behind the shops and cut back the hedge by the flat.")
    contexts.update_action(police_action, user=story.user("police"), status=ActionStatus.IN_PROGRESS,
                           note="Two of the three men identified; warning notices drafted with the legal team.")
    contexts.review_plan(plan, user=mash, reviewed_on=story.wd(-1), next_review_on=story.later(28),
                         progress=_say("""The housing officer has visited the tenant with police; patrols at the end of the
        school day started this week; the street light has been reported."""),
                         changes=_say("""The context conference linked the park to the flat: the youth service will run
        detached sessions in Millbeck Park on Friday evenings, and the plan now covers the route between them."""))
    _set(assessment, recorded_at=story.at(story.wd(-3), "15:00"))
    _set(plan, created_at=story.at(story.wd(-3), "15:30"))


def _context_conference(story: Story, flat: Context, park: Context) -> ContextConference:
    mash = story.user("mash")
    statutory, other = PartnerType.STATUTORY, PartnerType.NON_STATUTORY
    conference = contexts.record_conference(
        user=mash, held_on=story.wd(-2), chair_name="Priya Nair", chair_organisation="Northshire Children's Social Care",
        contexts=[flat, park],
        discussion=_say("""Agencies shared what they know about the flat and the park. The same grey car is seen at both:
            men meet young people in the park on Friday evenings and offer lifts, and girls from two schools go to the
            flat in the evenings. Residents and the housing association want to help and need to know whom to call out
            of hours. The conference discussed the places, not individual children; concerns about any one child go to
            that child's own plan."""),
        attendees=[
            {"name": "Priya Nair", "organisation": "Northshire Children's Social Care", "partner": statutory},
            {"name": "Chris Dunmore", "organisation": "Northshire Police", "partner": statutory},
            {"name": "Jo Whitfield", "organisation": "Hill Top Academy", "partner": statutory},
            {"name": "Robin Tate", "organisation": "Northshire Youth Service", "partner": statutory},
            {"name": "Lena Marsh", "organisation": "Millbeck Homes housing association", "partner": other},
            {"name": "Pat Hollis", "organisation": f"{_street(flat)} residents' association", "partner": other},
            {"name": "Park ranger", "organisation": "Northshire Council parks", "partner": statutory,
             "attendance": Attendance.APOLOGIES}],
        actions=[
            {"context": park, "action": "Run detached youth work sessions in Millbeck Park on Friday evenings.",
             "owner_name": "Robin Tate", "owner_organisation": "Northshire Youth Service", "owner_partner": statutory,
             "due_on": story.later(5)},
            {"context": flat, "action": "Give residents an out-of-hours number and report back what is done with calls.",
             "owner_name": "Lena Marsh", "owner_organisation": "Millbeck Homes housing association",
             "owner_partner": other, "due_on": story.later(10)}])
    contexts.record_weighting(conference, user=mash, order=[
        (flat, _say("""Adults are meeting children at the flat now, behind a closed door where no one else can see:
            changing the flat first removes the place where the most serious harm is happening.""")),
        (park, _say("""The park is where young people are first approached, and it has guardians to build on (the
            youth service, the ranger, the cafe); it changes second, with the youth service's sessions starting
            now."""))])
    _set(conference, recorded_at=story.at(story.wd(-2), "17:00"))
    return conference


def seed_contexts(story: Story, cast: Cast) -> tuple[Context, Context]:
    park = _context_referrals(story, cast)
    _context_plan(story, cast.context)
    _context_conference(story, cast.context, park)
    return cast.context, park


# ------------------------------------------------------------------------------------------------ training


VOLUNTEERS = (  # name, agency, pathway role, job title, recorded by
    ("Megan Holt", "youth", "volunteer", "Youth club helper", "admin"),
    ("Tariq Aziz", "youth", "volunteer", "Mentor", "admin"),
    ("Lorraine Pike", "school-hilltop", "support_staff", "Receptionist", "dsl"),
    ("Dev Chauhan", "school-hilltop", "support_staff", "Minibus driver", "dsl"),
)
# course, months before as_of, recorded by, who attended (usernames or volunteers' names), what learners said
SESSIONS = (
    ("safeguarding_essentials", 8, "admin", ("socialworker", "manager", "mash", "nurse", "youthworker", "analyst",
                                            "admin", "police"), ""),
    ("exploitation_awareness", 5, "admin", ("socialworker", "manager", "mash", "nurse", "youthworker", "dsl",
                                           "police", "Megan Holt"),
     "Learners said they will record who the adults were and what they did, and share partial information about "
     "places and groups with the MASH."),
    ("appropriate_language", 3, "admin", ("socialworker", "manager", "mash", "nurse", "youthworker", "dsl", "teacher",
                                         "analyst", "admin", "Megan Holt"),
     "Learners said they will write that a child was not brought to an appointment, and name the adult as the actor "
     "in harm."),
    ("multi_agency_working", 11, "admin", ("socialworker", "manager", "mash", "nurse", "dsl", "teacher",
                                          "youthworker"), ""),
    ("dsl_role", 14, "admin", ("dsl",), ""),
    ("reflective_supervision", 20, "admin", ("manager",), ""),
    ("multi_agency_working", 40, "admin", ("police",), ""),           # expired refresher
    ("exploitation_awareness", 39, "admin", ("teacher",), ""),        # expired refresher
    ("safeguarding_essentials", 2, "dsl", ("dsl", "teacher", "Lorraine Pike", "Dev Chauhan"), ""),
    ("safeguarding_essentials", 6, "admin", ("Megan Holt", "Tariq Aziz"), ""),
    ("exploitation_awareness", 1, "dsl", ("Lorraine Pike",), ""),
)


def seed_training(story: Story) -> None:
    for user in story.users.values():
        if user.role != "agency_system":
            training.learner_for(user)
    keys = {name: f"u{user.pk}" for name, user in story.users.items()}
    for name, agency, role, title, by in VOLUNTEERS:
        learner = training.add_learner(name=name, agency=story.agencies[agency], role=role, job_title=title,
                                       actor=story.user(by))
        keys[name] = f"l{learner.pk}"
    for course, months, by, who, impact in SESSIONS:
        training.record_attendance(course=course, attended_on=add_months(story.as_of, -months),
                                   evidence="Signed register" if months > 2 else "E-learning completion record",
                                   learners=[keys[w] for w in who], actor=story.user(by), impact_note=impact)


# ------------------------------------------------------------------------------------------------ entry point


def _summary(story: Story, cast: Cast, seeded: Seeded) -> None:
    refs = Referral.objects.all()
    items = InboxItem.objects.all()
    seeded.counts = {
        "referrals": refs.count(), "inbox items": items.count(), "inbox items acknowledged":
        items.filter(acknowledged_at__isnull=False).count(), "decisions not to share": WithholdDecision.objects.count(),
        "information requests": AgencyRequest.objects.count(), "case decisions": CaseDecision.objects.count(),
        "escalations": Escalation.objects.count(), "meetings": Meeting.objects.count(),
        "learners": Learner.objects.count(), "training attendances": TrainingAttendance.objects.count(),
        "contexts with casework": Context.objects.filter(referrals__isnull=False).distinct().count(),
        "context conferences": ContextConference.objects.count()}
    c = seeded.counts
    told = refs.filter(feedback_at__isnull=False).count()
    seeded.lines = [
        f"Referrals: {c['referrals']} ({told} decided and fed back, "
        f"{refs.filter(decided_at__isnull=False, feedback_at__isnull=True).count()} decided without feedback, "
        f"{refs.filter(decided_at__isnull=True).count()} waiting for the MASH since {story.wd(-3):%-d %b})",
        f"Inbox: {c['inbox items']} items ({c['inbox items acknowledged']} acknowledged with an action, "
        f"the rest waiting)",
        f"Information sharing: {c['decisions not to share']} decision not to share, {c['information requests']} "
        f"requests with their purpose (1 answered)",
        f"Case decisions: {c['case decisions']} (1 signed off, the rest awaiting the team manager); "
        f"closure without a risk review refused {len(story.refused)} time(s), then recorded with one",
        f"Escalations: {c['escalations']}, at stage 2 with stage 1's response; the current stage is overdue",
        f"Meetings: {c['meetings']} strategy discussion, minutes circulated, 4 actions (1 overdue, 1 done)",
        f"Training: {c['learners']} learners, {c['training attendances']} attendances",
        f"Contexts: {cast.context.name} (referral, assessment, plan with review, conference and weighting) and "
        f"Millbeck Park (referred without naming a child)",
        "Deadline prompts raised: " + (", ".join(f"{k} {n}" for k, n in sorted(seeded.deadline_prompts.items()))
                                       or "none"),
    ]
    if seeded.emails_held_back:
        seeded.lines.append(f"Emails held back while seeding (not sent): {seeded.emails_held_back}")


def seed_demo_casework(as_of: date | None = None) -> Seeded | None:
    """Record the demo casework (dated relative to `as_of`, default today); None when casework already exists."""
    as_of = as_of or timezone.localdate()
    if as_of > timezone.localdate():
        raise DemoCaseworkError("The demo casework cannot be dated from a day still to come.")
    if existing_casework():
        return None
    seeded = Seeded(as_of=as_of)
    outbox = getattr(mail, "outbox", None)
    with override_settings(EMAIL_BACKEND=HELD_BACK):
        mail.outbox = []
        try:
            with transaction.atomic():
                from joinedup.network.prompts import raise_context_prompts

                raise_context_prompts(as_of=as_of)   # the daily run's context prompts (the demo's link step skips them)
                story = Story(as_of)
                cast = choose_cast(story)
                made = seed_referrals(story, cast)
                seed_inbox(story, cast)
                seed_sharing(story, cast)
                seed_decisions(story, cast)
                seed_escalation(story, cast, made["girl_b"])
                seed_meeting(story, cast)
                seed_contexts(story, cast)
                seed_training(story)
                statutory = []
                for app in STATUTORY:      # issue 20: each app seeds its own records, through its services
                    statutory += import_module(f"{app}.demo").seed(story)
                raise_overdue(as_of=as_of)
                seeded.deadline_prompts = Counter(Prompt.objects.filter(rule_id__startswith="D")
                                                  .values_list("rule_id", flat=True))
                _summary(story, cast, seeded)
                seeded.lines += statutory
        finally:
            seeded.emails_held_back = len(mail.outbox)
            if outbox is None:
                del mail.outbox
            else:
                mail.outbox = outbox
    return seeded
