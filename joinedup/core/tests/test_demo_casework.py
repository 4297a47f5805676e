"""`joinedup demo_casework` on a small synthetic partnership: every domain gets casework through its services,
the deadline prompts follow, the demo logins see their own work, and running it again records nothing.

One partnership is built (synth, import, link, prompts, demo accounts) and every check runs against it, so the
module stays under a minute.
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.demo import ensure_demo_accounts
from joinedup.accounts.models import User
from joinedup.audit.models import ActionLog
from joinedup.contexts.choices import PartnerType
from joinedup.contexts.models import Context, ContextConference, ContextPlan, ContextReferral
from joinedup.decisions.models import CaseDecision, Kind, SignOff
from joinedup.escalations.models import Escalation
from joinedup.events.models import Event
from joinedup.inbox.models import InboxItem
from joinedup.language.services import check_note
from joinedup.meetings.models import Meeting, MeetingAction
from joinedup.people.models import Allocation
from joinedup.prompts.models import Prompt
from joinedup.referrals.models import Referral
from joinedup.sharing.models import AgencyRequest, WithholdDecision
from joinedup.training.models import Attendance, Learner
from joinedup.training.services import agency_compliance

MODELS = (Referral, InboxItem, WithholdDecision, AgencyRequest, CaseDecision, Escalation, Meeting, MeetingAction,
          Context, ContextReferral, ContextPlan, ContextConference, Learner, Attendance, Prompt, ActionLog, Event,
          Allocation)


@pytest.fixture
def partnership(db, tmp_path):
    out = tmp_path / "partnership"
    call_command("synth", children=150, seed=7, out=str(out))
    call_command("import_partnership", str(out), stdout=StringIO())
    call_command("link", train=True, stdout=StringIO())
    call_command("prompts", stdout=StringIO())
    ensure_demo_accounts(tmp_path / "demo-logins.json")
    return {u.username: u for u in User.objects.all()}


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _seeded_texts() -> list[str]:
    texts = []
    for r in Referral.objects.all():
        texts += [r.concern, r.wanted_outcome, r.consent_reason, r.decision_reasons, r.feedback, r.next_steps]
    for m in Meeting.objects.all():
        texts += [m.purpose, m.child_views, m.minutes] + [d.reasons for d in m.decisions.all()]
        texts += [a.description for a in m.actions.all()] + [a.completion_note for a in m.actions.all()]
    for d in CaseDecision.objects.all():
        texts += [d.reasons, d.help_in_place, d.sign_off_reasons]
        if hasattr(d, "risk_review"):
            texts += [d.risk_review.non_attendance_meaning, d.risk_review.risks_considered]
    for e in Escalation.objects.all():
        texts += [e.concern, e.outcome_sought] + [s.response for s in e.stages.all()]
        texts += [s.moved_on_reasons for s in e.stages.all()]
    texts += [c.concern for c in ContextReferral.objects.all()]
    for c in ContextConference.objects.all():
        texts += [c.discussion] + [w.reason for w in c.weightings.all()]
    texts += [w.reasons for w in WithholdDecision.objects.all()]
    for q in AgencyRequest.objects.all():
        texts += [q.purpose_detail, q.response_text]
    texts += [i.note for i in InboxItem.objects.all()]
    return [t for t in texts if t]


def _check_referrals(users):
    referrals = Referral.objects.all()
    assert referrals.count() == 6
    assert {r.referrer.username for r in referrals} == {"dsl", "police", "teacher", "nurse", "youthworker"}
    told = referrals.filter(feedback_at__isnull=False)
    assert told.count() == 4 and all(r.decision_reasons and r.decided_by == users["mash"] for r in told)
    assert referrals.filter(decided_at__isnull=False, feedback_at__isnull=True).count() == 1      # D02
    waiting = referrals.get(decided_at__isnull=True)                                              # D01
    assert waiting.referrer == users["nurse"] and waiting.received_on < timezone.localdate()


def _check_inbox_and_sharing(users):
    items = InboxItem.objects.all()
    acknowledged = items.filter(acknowledged_at__isnull=False)
    assert acknowledged.count() == 1 and acknowledged.get().note and acknowledged.get().action == "plan_updated"
    assert items.filter(acknowledged_at__isnull=True).count() >= 2
    assert items.filter(event__agency__code="police", worker__isnull=True, agency__code="school-hilltop").exists()
    assert items.filter(request__isnull=False, worker=users["socialworker"]).exists()
    withheld = WithholdDecision.objects.get()
    assert withheld.agency.code == "police" and withheld.withheld_from.code == "school-hilltop" and withheld.reasons
    answered = AgencyRequest.objects.get(responded_at__isnull=False)
    assert answered.purpose_detail and answered.response == "shared" and answered.response_text
    assert AgencyRequest.objects.filter(responded_at__isnull=True, to_agency__code="police").exists()


def _check_decisions_and_escalation(users):
    decisions = CaseDecision.objects.all()
    assert decisions.filter(kind=Kind.STEP_DOWN, sign_off=SignOff.AWAITING).exists()
    assert decisions.get(sign_off=SignOff.SIGNED_OFF).signed_off_by == users["manager"]
    closure = decisions.get(kind=Kind.CLOSURE)
    assert closure.risk_review.prompts.filter(rule_id__in=("P04", "P05")).exists()
    assert closure.risk_review.shared_with.filter(code="health").exists()
    escalation = Escalation.objects.get()
    first, second = escalation.stages.order_by("number")
    assert first.responded_at and first.moved_on_reasons and first.responded_by == users["mash"]
    assert second.responded_at is None and second.is_overdue
    assert escalation.referral.referrer == users["dsl"]


def _check_meeting_and_training():
    meeting = Meeting.objects.get()
    assert meeting.kind == "strategy_discussion" and meeting.minutes_circulated_at and meeting.minutes
    assert meeting.minutes_language_findings == []
    assert meeting.invitations.count() == 4 and not meeting.invitations.filter(attendance="not_recorded").exists()
    actions = meeting.actions.all()
    assert actions.count() == 4
    assert actions.filter(completed_on__isnull=False).exclude(completion_note="").count() == 1
    overdue = actions.get(completed_on__isnull=True, due_on__lt=timezone.localdate())
    assert overdue.owner.username == "police"
    assert Learner.objects.filter(user__isnull=True).count() == 4
    assert Learner.objects.filter(user__isnull=False).count() >= 10
    compliance = {a.agency_name: (a.learners, a.up_to_date) for a in agency_compliance()}
    assert len({up / n for n, up in compliance.values()}) >= 3, compliance    # compliance differs by agency
    assert any(a.expired for a in agency_compliance())


def _check_contexts():
    prompt = Prompt.objects.filter(rule_id="C01").first()
    assert prompt is not None
    flat = prompt.context
    assert flat.referrals.exists() and flat.assessments.exists()
    plan = flat.plans.get()
    assert plan.actions.filter(owner_partner=PartnerType.NON_STATUTORY).exists() and plan.reviews.exists()
    conference = ContextConference.objects.get()
    assert [w.context for w in conference.weightings.order_by("position")][0] == flat
    assert conference.attendees.filter(partner=PartnerType.NON_STATUTORY).exists()
    park = Context.objects.get(location__kind="park")
    assert park.referrals.count() == 1 and park in conference.contexts.all()


def _check_logins_see_their_work(users):
    client = Client()
    waiting = Referral.objects.get(decided_at__isnull=True)
    escalation, meeting = Escalation.objects.get(), Meeting.objects.get()
    flat = Prompt.objects.filter(rule_id="C01").first().context
    seen = {
        "dsl": [("referrals:mine", ()), ("escalations:detail", (escalation.pk,)), ("inbox:list", ()),
                ("meetings:mine", ()), ("training:home", ())],
        "teacher": [("referrals:mine", ()), ("inbox:list", ())],
        "police": [("referrals:mine", ()), ("meetings:mine", ()), ("sharing:requests", ())],
        "nurse": [("referrals:mine", ()), ("meetings:mine", ()), ("sharing:requests", ())],
        "youthworker": [("referrals:mine", ()), ("contexts:list", ())],
        "socialworker": [("inbox:list", ()), ("decisions:list", ()), ("meetings:detail", (meeting.pk,))],
        "manager": [("decisions:list", ()), ("meetings:detail", (meeting.pk,)), ("escalations:list", ())],
        "mash": [("referrals:queue", ()), ("referrals:detail", (waiting.pk,)), ("contexts:detail", (flat.pk,)),
                 ("prompts:queue", ()), ("sharing:withheld", ())],
        "analyst": [("training:home", ()), ("escalations:partnership", ()), ("sharing:report", ()), ("places:map", ())],
    }
    for username, pages in seen.items():
        client.force_login(users[username])
        for name, args in pages:
            response = client.get(reverse(name, args=args))
            assert response.status_code == 200, (username, name, response.status_code)
    client.force_login(users["mash"])
    queue = client.get(reverse("referrals:queue")).content.decode()
    assert waiting.person.display_name in queue


def _check_statutory(users):
    """Issue 20's apps seed their own records: Operation Encompass, child protection teams, CP-IS."""
    from joinedup.cpis.models import Attendance
    from joinedup.cpteams.models import Enquiry, Team
    from joinedup.cpteams.services import missing_disciplines
    from joinedup.encompass.models import Notification

    sent = Notification.objects.filter(recipient__code="school-hilltop")
    assert sent.count() == 8 and sent.filter(acknowledged_at__isnull=False).count() == 7
    assert sum(1 for n in sent if n.on_time is False) == 2
    north, south = Team.objects.order_by("name")
    assert missing_disciplines(north) == [] and missing_disciplines(south) == ["Health (registered health professional)"]
    enquiry = Enquiry.objects.get()
    assert enquiry.team == north and enquiry.tasks.count() == 3
    assert Prompt.objects.get(rule_id="D12").assigned_to == users["police"]
    attendances = Attendance.objects.filter(recorded_by=users["nurse"])
    assert attendances.count() == 2 and all("Sam Okafor" in a.told for a in attendances)


def test_demo_casework_through_the_services_once(partnership):
    users = partnership
    before = _counts()
    out = StringIO()
    call_command("demo_casework", stdout=out)
    assert "Demo casework, dated from" in out.getvalue() and "Referrals: 6" in out.getvalue()
    assert "closure without a risk review refused 1 time(s)" in out.getvalue()
    _check_referrals(users)
    _check_inbox_and_sharing(users)
    _check_decisions_and_escalation(users)
    _check_meeting_and_training()
    _check_contexts()
    _check_statutory(users)

    # The deadline prompts the seeded records call for, each in the right queue.
    deadlines = {p.rule_id: p for p in Prompt.objects.filter(rule_id__startswith="D")}
    assert {"D01", "D02", "D03", "D05"} <= set(deadlines)
    assert deadlines["D01"].team == "MASH" and deadlines["D02"].assigned_to == users["mash"]
    assert deadlines["D03"].assigned_to == users["dsl"] and deadlines["D05"].assigned_to == users["police"]
    # Every record was written through its service: each change is in the action log.
    actions = set(ActionLog.objects.values_list("action", flat=True))
    assert {"referral made", "referral decision: strategy", "referral feedback given", "information withheld",
            "information requested", "escalation raised", "escalation moved to the next stage", "meeting: recorded",
            "meeting: minutes circulated", "context: referral", "context: conference", "context: weighting",
            "training: attendance recorded", "case decision: closure", "case decision signed_off"} <= actions
    # Child-centred wording: nothing the demo wrote is flagged by the language rules.
    flagged = {t[:60]: [f["matched_text"] for f in check_note(t)] for t in _seeded_texts() if check_note(t)}
    assert flagged == {}
    _check_logins_see_their_work(users)

    # Running it again (or `joinedup demo` again) records nothing.
    after = _counts()
    assert all(after[name] > before[name] for name in ("Referral", "Meeting", "Escalation", "Attendance"))
    again = StringIO()
    call_command("demo_casework", stdout=again)
    assert "no demo casework added" in again.getvalue()
    assert _counts() == after
    with pytest.raises(CommandError):
        call_command("demo_casework", as_of=str(timezone.localdate() + timedelta(days=1)))
