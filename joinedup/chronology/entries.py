"""One row of a child's chronology, whatever produced it, with the standard columns (practice guidance §5.2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

__all__ = ["ChronologyEntry", "NOT_RECORDED"]

NOT_RECORDED = "not recorded"


@dataclass(frozen=True)
class ChronologyEntry:
    """A chronology row. Sources fill every column they can; blanks read "not recorded".

    key           unique across sources, e.g. "event:123" or "decision:45"
    when          when it happened (aware datetime, or a date when the time is not known)
    time_known    False when only the date was recorded
    recorded_at   when the entry was made in the agency's system (kept apart from `when`)
    agency        name of the agency that recorded it; agency_code its code (for filtering)
    author, author_role
    source        how the agency knows: first-hand, reported by a third party, from a record
    kind          what it is for filtering: an event type code ("police.arrest") or a source's own code
                  ("decision.no_further_action"); group is the type group ("police", "social_care", …)
    title         the event in plain words; details adds attributes; note is the agency's free text
    significance  code and label, in words: a kind, never a score or band
    action, outcome, child_seen   plain words ("not recorded" when the source does not say)
    about         "" when the entry is about the child; else whom it is about and how they relate
                  to the child ("Lee Cole, mother's partner — household known to …, from 3 Mar 2021")
    link          a URL to the full record, if the reader may open it
    origin        the registered source that produced the entry
    """

    key: str
    when: datetime | date
    agency: str
    agency_code: str
    kind: str
    group: str
    title: str
    significance: str
    significance_label: str
    time_known: bool = True
    recorded_at: datetime | None = None
    author: str = ""
    author_role: str = ""
    source: str = NOT_RECORDED
    details: tuple[str, ...] = ()
    note: str = ""
    action: str = NOT_RECORDED
    outcome: str = NOT_RECORDED
    child_seen: str = NOT_RECORDED
    about: str = ""
    relationship: str = ""
    link: str = ""
    origin: str = "events"
    extra: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def day(self) -> date:
        """The local calendar date of the entry (for period filters and display)."""
        if isinstance(self.when, datetime):
            return timezone.localtime(self.when).date() if timezone.is_aware(self.when) else self.when.date()
        return self.when

    @property
    def sort_key(self) -> tuple:
        moment = self.when if isinstance(self.when, datetime) else datetime.combine(self.when, datetime.min.time())
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return (moment, self.key)

    @property
    def about_child(self) -> bool:
        return not self.about

    @property
    def date_text(self) -> str:
        if isinstance(self.when, datetime) and self.time_known:
            return f"{timezone.localtime(self.when):%-d %b %Y %H:%M}"
        return f"{self.day:%-d %b %Y}"

    @property
    def recorded_text(self) -> str:
        if not self.recorded_at:
            return ""
        return f"{timezone.localtime(self.recorded_at):%-d %b %Y}"
