"""Relink the partnership: train or load the model, predict, cluster under reviewers' decisions, move records.

Records carry their events, associations and household memberships with them, so moving a record from
one person to another moves everything it holds; nothing is copied or lost, and every move is kept.
"""

from collections import Counter

from django.db import transaction
from django.utils import timezone

from engine.linkage import LinkageConfig, cluster, linkage_record, train
from engine.linkage.backends import predictor
from engine.linkage.splink_adapter import TrainedModel
from joinedup.linkage.models import Decision, LinkageModel, LinkDecision, LinkRun, RecordMove, ReviewItem
from joinedup.people.models import Person, SourceRecord
from joinedup.people.services import refresh_summaries

__all__ = ["CONFIG", "decide", "relink", "train_model"]

CONFIG = LinkageConfig()
AUTO_THRESHOLD = 10.0
REVIEW_THRESHOLD = 4.0
_FIELDS = ("record_id", "person_type", "forename", "middle_names", "surname", "date_of_birth", "sex", "address",
           "postcode", "nhs_number", "upn", "police_id")


def _linkage_table() -> tuple[list[dict], dict[str, SourceRecord]]:
    rows, by_uid = [], {}
    for record in SourceRecord.objects.select_related("agency").order_by("id"):
        values = {field: getattr(record, field) for field in _FIELDS}
        values["former_surnames"] = [s for s in record.former_surnames.split(";") if s]
        row = linkage_record(record.agency.code, values)
        rows.append(row)
        by_uid[row["unique_id"]] = record
    return rows, by_uid


def train_model(records=None, *, actor=None, seed: int = 1) -> LinkageModel:
    """Train and store a new model (u by random sampling, m by expectation maximisation)."""
    records = records if records is not None else _linkage_table()[0]
    trained = train(records, seed=seed, config=CONFIG)
    return LinkageModel.objects.create(trained_by=actor, splink_version=trained.splink_version,
                                       duckdb_version=trained.duckdb_version, seed=trained.seed,
                                       model=trained.model, statistics=trained.statistics)


def _constraints() -> tuple[list, list]:
    """Each pair's latest decision: same -> must-link, different -> cannot-link (unsure adds nothing)."""
    latest: dict[tuple[int, int], str] = {}
    for decision in LinkDecision.objects.order_by("decided_at", "id").select_related("record_a__agency", "record_b__agency"):
        key = tuple(sorted((decision.record_a_id, decision.record_b_id)))
        latest[key] = (decision.decision, decision)
    must, cannot = [], []
    for choice, decision in latest.values():
        pair = (f"{decision.record_a.agency.code}:{decision.record_a.record_id}",
                f"{decision.record_b.agency.code}:{decision.record_b.record_id}")
        if choice == Decision.SAME:
            must.append(pair)
        elif choice == Decision.DIFFERENT:
            cannot.append(pair)
    return must, cannot


@transaction.atomic
def relink(*, retrain: bool = False, actor=None, decision: LinkDecision | None = None,
           engine: str = "duckdb") -> LinkRun:
    """Link every record again under the current model and every reviewer's decision (scored on `engine`)."""
    records, by_uid = _linkage_table()
    stored = LinkageModel.objects.first()
    if stored is None or retrain:
        stored = train_model(records, actor=actor)
    model = TrainedModel(model=stored.model, splink_version=stored.splink_version,
                         duckdb_version=stored.duckdb_version, seed=stored.seed, statistics=stored.statistics)
    run = LinkRun.objects.create(model=stored, actor=actor, records=len(records))
    pairs = predictor(engine)(model, records, threshold=REVIEW_THRESHOLD, config=CONFIG) if len(records) > 1 else []
    must, cannot = _constraints()
    result = cluster(pairs, auto_threshold=AUTO_THRESHOLD, review_threshold=REVIEW_THRESHOLD,
                     cannot_link=cannot, must_link=must, records=records)
    run.pairs = len(pairs)
    run.records_moved = _apply(result.clusters(), by_uid, run, decision)
    run.review_items = _refresh_review(result.review, pairs, by_uid, run)
    run.finished_at = timezone.now()
    run.save()
    return run


def _apply(clusters: dict[str, list[str]], by_uid: dict[str, SourceRecord], run, decision) -> int:
    """Give each cluster one person: the one most of its records already have, unless another cluster claimed it."""
    claimed: set[int] = set()
    moves, touched = [], set()
    for members in sorted(clusters.values(), key=len, reverse=True):
        records = [by_uid[uid] for uid in members]
        current = Counter(r.person_id for r in records if r.person_id)
        target = next((pid for pid, _ in sorted(current.items(), key=lambda kv: (-kv[1], kv[0])) if pid not in claimed), None)
        if target is None:
            first = records[0]
            target = Person.objects.create(person_type=first.person_type, display_name=first.full_name,
                                           date_of_birth=first.date_of_birth, sex=first.sex).id
        claimed.add(target)
        for record in records:
            if record.person_id != target:
                moves.append(RecordMove(record=record, from_person_id=record.person_id, to_person_id=target,
                                        run=run, decision=decision))
                touched.update({record.person_id, target})
                record.person_id = target
    SourceRecord.objects.bulk_update([m.record for m in moves], ["person"])
    RecordMove.objects.bulk_create(moves)
    touched.discard(None)
    emptied = Person.objects.filter(id__in=touched, records__isnull=True)
    for person in emptied:
        person.merged_into_id = next(m.to_person_id for m in moves if m.from_person_id == person.id)
        person.save(update_fields=["merged_into"])
    Person.objects.filter(id__in=touched, records__isnull=False).update(merged_into=None)
    refresh_summaries(touched)
    return len(moves)


def _refresh_review(review, pairs, by_uid, run) -> int:
    """Replace the open review queue with this run's items (items already decided stay as they were)."""
    breakdowns = {(p.uid_l, p.uid_r): p.breakdown for p in pairs}
    ReviewItem.objects.filter(open=True).delete()
    decided = {tuple(sorted(pair)) for pair in LinkDecision.objects.values_list("record_a_id", "record_b_id")}
    items = []
    for item in review:
        a, b = by_uid[item.uid_l], by_uid[item.uid_r]
        if tuple(sorted((a.id, b.id))) in decided:
            continue
        breakdown = breakdowns.get((item.uid_l, item.uid_r)) or breakdowns.get((item.uid_r, item.uid_l)) or {}
        items.append(ReviewItem(record_a=a, record_b=b, match_weight=item.match_weight, reason=item.reason,
                                breakdown={k: list(v) for k, v in breakdown.items()}, run=run))
    ReviewItem.objects.bulk_create(items)
    return len(items)


@transaction.atomic
def decide(item: ReviewItem, *, decision: str, reason: str, actor) -> LinkDecision:
    """Record a reviewer's decision with its reason and relink so it takes effect (and holds in every later relink)."""
    if not reason.strip():
        raise ValueError("Give a reason for the decision.")
    made = LinkDecision.objects.create(record_a=item.record_a, record_b=item.record_b, decision=decision,
                                       reason=reason.strip(), decided_by=actor, review_item=item)
    item.open = False
    item.save(update_fields=["open"])
    if decision != Decision.UNSURE:
        relink(actor=actor, decision=made)
    return made
