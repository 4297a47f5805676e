"""The partnership's view of professional differences and of decisions to take concerns no further: counts by
agency, stage and category, never a child's name (R15, R21).

003 Theme 3 (L84-102): "The decision not to escalate concerns around this situation was taken by different
line managers in several organisations. Only one organisation involved felt strongly enough to escalate
their concerns, but this in itself failed to have any impact." `repeated_no_further` counts the children
about whom two or more agencies decided to take concerns no further within the period, and how many of
those children had an escalation raised at all.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from engine.casework import load_partnership
from joinedup.agencies.models import Agency
from joinedup.decisions.models import TAKES_NO_FURTHER, CaseDecision, Kind, SignOff
from joinedup.escalations.models import Category, Escalation, Stage, Status
from joinedup.prompts.models import Outcome, PromptDecision
from joinedup.referrals.models import Outcome as ReferralOutcome
from joinedup.referrals.models import Referral

__all__ = ["Overview", "overview"]

PROMPT_NO_FURTHER = (Outcome.NO_FURTHER_ACTION, Outcome.NOT_APPLICABLE)


@dataclass
class Overview:
    since: object
    stages: list            # [(code, name)]
    by_agency: list         # [(agency name, [count per stage], total, open, resolved, ended without agreement)]
    by_category: list       # [(label, count)]
    overdue_now: int
    ended_no_outcome: int
    decisions: list         # [(agency name, {kind: count}, not agreed, awaiting sign-off)]
    decision_kinds: list    # [(code, label)]
    repeated_children: int  # children with no-further decisions from two or more agencies
    repeated_escalated: int  # of those, children with an escalation raised in the period
    repeated_pairs: list    # [(agencies in words, children)]


def _no_further_by_child(since) -> dict[int, set[str]]:
    """child -> names of agencies that decided to take concerns about them no further since `since`."""
    names = dict(Agency.objects.values_list("code", "name"))
    out: dict[int, set[str]] = defaultdict(set)
    for person, agency in (CaseDecision.objects.filter(decided_at__gte=since, kind__in=list(TAKES_NO_FURTHER))
                           .exclude(sign_off=SignOff.NOT_AGREED).values_list("person_id", "agency__name")):
        out[person].add(agency)
    for person, code in (PromptDecision.objects.filter(decided_at__gte=since, outcome__in=PROMPT_NO_FURTHER,
                                                       prompt__person__isnull=False)
                         .values_list("prompt__person_id", "agency_code")):
        out[person].add(names.get(code, code or "agency not recorded"))
    for person, agency in (Referral.objects.filter(decided_at__gte=since, outcome=ReferralOutcome.NFA)
                           .values_list("person_id", "decided_by__agency__name")):
        out[person].add(agency or "MASH")
    return out


def overview(months: int = 12) -> Overview:
    since = timezone.now() - timedelta(days=round(months * 30.44))
    stages = [(s.code, s.name) for s in load_partnership().escalation_stages]
    codes = [code for code, _ in stages]
    escalations = list(Escalation.objects.filter(raised_at__gte=since).select_related("raised_by_agency"))
    reached = dict.fromkeys((e.pk for e in escalations), "")
    for escalation_id, code in (Stage.objects.filter(escalation__in=escalations).order_by("escalation", "number")
                                .values_list("escalation_id", "code")):
        reached[escalation_id] = code  # the last one wins: the highest stage reached
    rows: dict[str, dict] = {}
    for e in escalations:
        row = rows.setdefault(e.raised_by_agency.name, {"stages": Counter(), "status": Counter()})
        row["stages"][reached[e.pk]] += 1
        row["status"][e.status] += 1
    by_agency = [(name, [row["stages"][code] for code in codes], sum(row["status"].values()),
                  row["status"][Status.OPEN], row["status"][Status.RESOLVED], row["status"][Status.CLOSED])
                 for name, row in sorted(rows.items())]
    categories = Counter(e.category for e in escalations)
    today = timezone.localdate()
    overdue_now = Stage.objects.filter(escalation__status=Status.OPEN, ended_at__isnull=True,
                                       responded_at__isnull=True, due_on__lt=today).count()
    ended_no_outcome = Escalation.objects.exclude(status=Status.OPEN).filter(outcome="").count()

    decision_rows: dict[str, dict] = {}
    for agency, kind, sign_off in (CaseDecision.objects.filter(decided_at__gte=since)
                                   .values_list("agency__name", "kind", "sign_off")):
        row = decision_rows.setdefault(agency, {"kinds": Counter(), "not_agreed": 0, "awaiting": 0})
        row["kinds"][kind] += 1
        row["not_agreed"] += sign_off == SignOff.NOT_AGREED
        row["awaiting"] += sign_off == SignOff.AWAITING
    decisions = [(name, [row["kinds"][k] for k, _ in Kind.choices], row["not_agreed"], row["awaiting"])
                 for name, row in sorted(decision_rows.items())]

    by_child = {child: agencies for child, agencies in _no_further_by_child(since).items() if len(agencies) >= 2}
    escalated = set(Escalation.objects.filter(raised_at__gte=since, person_id__in=list(by_child))
                    .values_list("person_id", flat=True))
    pairs = Counter(" and ".join(sorted(agencies)) for agencies in by_child.values())
    return Overview(
        since=timezone.localtime(since).date(), stages=stages, by_agency=by_agency,
        by_category=[(label, categories[code]) for code, label in Category.choices], overdue_now=overdue_now,
        ended_no_outcome=ended_no_outcome, decisions=decisions, decision_kinds=list(Kind.choices),
        repeated_children=len(by_child), repeated_escalated=len(escalated),
        repeated_pairs=sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])))
