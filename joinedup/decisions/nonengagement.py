"""Which of a child's prompts are about not being brought to appointments, or the family not engaging, and
so call for a risk review before the case is closed, stepped down, deferred or taken no further (R35).

The rules are read from the prompt catalogue (engine/prompts/rules.yaml), not listed here: a rule counts when
a sign its pattern requires (or is triggered by) is, or is made of, `was_not_brought` or `family_cancelled`
(today P04 "Repeated was-not-brought, cancelling or rescheduling" and P05 "Closure or step-down after
non-engagement without a risk review"). A rule that only names them in `unless` or `none_of` does not count.

A prompt counts while it is open, and after it was decided for as long as the catalogue itself looks back
over those signs (the longest `window_days` of those rules, 180 days today): a pattern of missed
appointments six weeks ago still bears on a closure now, even if someone has since answered the prompt.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from django.db.models import Q, QuerySet

from engine.prompts import load_catalogue
from engine.prompts.model import Catalogue
from joinedup.prompts.models import Prompt, Status

__all__ = ["NON_ENGAGEMENT_SIGNS", "non_engagement_rules", "prompts_calling_for_review", "review_window_days"]

NON_ENGAGEMENT_SIGNS = frozenset({"was_not_brought", "family_cancelled"})
DEFAULT_WINDOW_DAYS = 180


def _rule_ids(catalogue: Catalogue) -> tuple[str, ...]:
    out = []
    for rule in catalogue.rules:
        pattern = rule.pattern
        read = [*pattern.required, *([pattern.trigger] if pattern.trigger else [])]
        plain = {m.name for sign in read for m in catalogue.matchers(sign)}
        if plain & NON_ENGAGEMENT_SIGNS:
            out.append(rule.id)
    return tuple(out)


@cache
def non_engagement_rules(catalogue: Catalogue | None = None) -> tuple[str, ...]:
    """Ids of the catalogue's rules whose pattern is about missed, cancelled or moved appointments."""
    return _rule_ids(catalogue or load_catalogue())


def review_window_days(catalogue: Catalogue | None = None) -> int:
    catalogue = catalogue or load_catalogue()
    windows = [catalogue.rule(rule_id).pattern.window_days for rule_id in non_engagement_rules(catalogue)]
    return max([w for w in windows if w] or [DEFAULT_WINDOW_DAYS])


def prompts_calling_for_review(person, today: date) -> QuerySet[Prompt]:
    """The child's was-not-brought and non-engagement prompts: open, or knowable within the review window."""
    since = today - timedelta(days=review_window_days())
    return (Prompt.objects.filter(person=person, rule_id__in=non_engagement_rules())
            .filter(Q(status=Status.OPEN) | Q(moment__gte=since)).order_by("-moment", "-id"))
