"""Linking records into persons: full relinks, new records as they arrive, reviewers' decisions and unmerges.

Records carry their events, associations and household memberships with them (all hang off
`SourceRecord`), so moving a record from one person to another moves everything it holds; nothing is
copied or lost, and every move is kept (`RecordMove`). A person left with no records points to where
they went (`Person.merged_into`); when a split gives records back, the person they came from comes back.

- `relink()` links every record again (`joinedup link`), with the partnership's own model once its records
  can train one and the shipped default model until then (`engine.linkage.default_model`).
- `link_arrivals()` matches the records of one import against the existing persons (Splink's
  `predict_between`), inside the import's transaction, without a full relink.
- `decide()` and `unmerge()` re-cluster only the persons holding the records concerned, under every
  must/cannot-link, and are written to the audit action log.
"""

from collections import Counter
from datetime import datetime

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from engine.linkage import LinkageConfig, cluster, linkage_record, train
from engine.linkage.backends import predictor
from engine.linkage.clusters import one_item_per_pair_of_persons
from engine.linkage.default_model import adapted, cannot_train, default_model
from engine.linkage.incremental import assign, match
from engine.linkage.records import SENTINEL_DATES
from engine.linkage.splink_adapter import TrainedModel, TrainingFailed
from joinedup.audit.services import log_action
from joinedup.linkage.models import (
    Decision,
    LinkageModel,
    LinkDecision,
    LinkRun,
    ModelSource,
    RecordMove,
    ReviewItem,
    RunKind,
)
from joinedup.people.models import Person, SourceRecord
from joinedup.people.services import refresh_summaries

__all__ = ["CONFIG", "choose_model", "decide", "install_default_model", "link_arrivals", "relink", "train_model",
           "unmerge"]

CONFIG = LinkageConfig()
AUTO_THRESHOLD = CONFIG.auto_threshold    # match weights: at or above, linked automatically (unless a conflict)
REVIEW_THRESHOLD = CONFIG.review_threshold  # from here up to the automatic threshold: the review queue
_FIELDS = ("record_id", "person_type", "forename", "middle_names", "surname", "date_of_birth", "sex", "address",
           "postcode", "nhs_number", "upn", "police_id", "la_child_id")
_CHUNK = 900  # values per IN (...) clause, within SQLite's limits


def _uid(record: SourceRecord) -> str:
    return f"{record.agency.code}:{record.record_id}"


def _row(record: SourceRecord) -> dict:
    values = {field: getattr(record, field) for field in _FIELDS}
    values["former_surnames"] = [s for s in record.former_surnames.split(";") if s]
    return linkage_record(record.agency.code, values, record.agency.kind)


def _rows(records) -> tuple[list[dict], dict[str, SourceRecord]]:
    rows, by_uid = [], {}
    for record in records:
        row = _row(record)
        rows.append(row)
        by_uid[row["unique_id"]] = record
    return rows, by_uid


def _linkage_table() -> tuple[list[dict], dict[str, SourceRecord]]:
    return _rows(SourceRecord.objects.select_related("agency").order_by("id"))


def _trained(stored: LinkageModel) -> TrainedModel:
    return TrainedModel(model=stored.model, splink_version=stored.splink_version,
                        duckdb_version=stored.duckdb_version, seed=stored.seed, statistics=stored.statistics)


def _scores(stored: LinkageModel | None) -> bool:
    """Whether the stored model can score pairs (a model saved by Splink carries its link type and blocking rules)."""
    return bool(stored and stored.model.get("link_type") and stored.model.get("blocking_rules_to_generate_predictions"))


def train_model(records=None, *, actor=None, seed: int = 1) -> LinkageModel:
    """Train and store a new model (u by random sampling, m by expectation maximisation)."""
    records = records if records is not None else _linkage_table()[0]
    trained = train(records, seed=seed, config=CONFIG)
    return LinkageModel.objects.create(trained_by=actor, splink_version=trained.splink_version,
                                       duckdb_version=trained.duckdb_version, seed=trained.seed,
                                       model=trained.model, statistics={**trained.statistics, "source": "trained"})


def install_default_model(records=None, *, actor=None) -> LinkageModel:
    """Store the shipped default model, its prior estimated on this partnership's records."""
    records = records if records is not None else _linkage_table()[0]
    model = adapted(default_model(), records, CONFIG)
    return LinkageModel.objects.create(source=ModelSource.DEFAULT, trained_by=actor,
                                       splink_version=model.splink_version, duckdb_version=model.duckdb_version,
                                       seed=model.seed, model=model.model, statistics=model.statistics)


def choose_model(records, *, retrain: bool = False, use_default: bool = False, actor=None
                 ) -> tuple[LinkageModel, str]:
    """The model a full relink scores with, and why, in words for `joinedup link` and the run's record.

    A partnership's own model is kept once trained. Until then the default model is used, its prior
    re-estimated on every relink (the partnership grows), and the first relink whose records can train a
    model trains one. `retrain` trains now whatever the size (the operator asked); `use_default` installs
    the default model whatever the size. A training that fails falls back to the default model.
    """
    stored = LinkageModel.objects.first()
    own = stored is not None and stored.source == ModelSource.TRAINED and _scores(stored)
    if own and not (retrain or use_default):
        return stored, f"this partnership's own model (trained {stored.created_at:%-d %b %Y %H:%M} on " \
                       f"{stored.statistics.get('records', 0):,} records)"
    too_few = cannot_train(len(records))
    if not use_default and (retrain or too_few is None):
        try:
            stored = train_model(records, actor=actor)
        except TrainingFailed as error:  # EM found nothing to estimate from
            reason = f"training on this partnership's records failed ({error})"
        else:
            why = f"; {too_few}, so check its review queue closely" if too_few else ""
            return stored, f"this partnership's own model, trained now on {len(records):,} records{why}"
    else:
        reason = "asked for" if use_default else too_few
    stored = install_default_model(records, actor=actor)
    return stored, f"the default model (estimated on a synthetic partnership; see docs/linkage.md): {reason}"


def _constraints(uids: set[str] | None = None) -> tuple[list, list]:
    """Each pair's latest decision: same -> must-link, different -> cannot-link (unsure adds nothing).

    With `uids`, only the pairs with both records among them.
    """
    latest: dict[tuple[int, int], tuple[str, LinkDecision]] = {}
    for decision in LinkDecision.objects.order_by("decided_at", "id").select_related("record_a__agency", "record_b__agency"):
        key = tuple(sorted((decision.record_a_id, decision.record_b_id)))
        latest[key] = (decision.decision, decision)
    must, cannot = [], []
    for choice, decision in latest.values():
        pair = (_uid(decision.record_a), _uid(decision.record_b))
        if uids is not None and not (pair[0] in uids and pair[1] in uids):
            continue
        if choice == Decision.SAME:
            must.append(pair)
        elif choice == Decision.DIFFERENT:
            cannot.append(pair)
    return must, cannot


@transaction.atomic
def relink(*, retrain: bool = False, use_default: bool = False, actor=None, decision: LinkDecision | None = None,
           engine: str = "duckdb") -> LinkRun:
    """Link every record again under every reviewer's decision (scored on `engine`), with the model
    `choose_model` picks; `run.model_note` says which and why."""
    records, by_uid = _linkage_table()
    stored, note = choose_model(records, retrain=retrain, use_default=use_default, actor=actor)
    run = LinkRun.objects.create(model=stored, actor=actor, records=len(records), kind=RunKind.FULL,
                                 model_note=note[:300])
    pairs = predictor(engine)(_trained(stored), records, threshold=REVIEW_THRESHOLD, config=CONFIG) if len(records) > 1 else []
    must, cannot = _constraints()
    result = cluster(pairs, auto_threshold=AUTO_THRESHOLD, review_threshold=REVIEW_THRESHOLD,
                     cannot_link=cannot, must_link=must, records=records)
    run.pairs = len(pairs)
    run.records_moved = _apply(result.clusters(), by_uid, run, decision)
    run.review_items = _refresh_review(one_item_per_pair_of_persons(result.review, result.cluster_of), pairs,
                                       by_uid, run)
    run.finished_at = timezone.now()
    run.save()
    return run


def _homes(record_ids: list[int]) -> dict[int, int]:
    """The person each moved record first belonged to (the person it came from on its first move)."""
    moves = RecordMove.objects.order_by("record_id", "at", "id")
    if len(record_ids) <= 5000:
        moves = moves.filter(record_id__in=record_ids)
    homes: dict[int, int] = {}
    for record_id, from_person, to_person in moves.values_list("record_id", "from_person_id", "to_person_id"):
        homes.setdefault(record_id, from_person or to_person)
    return homes


def _apply(clusters: dict[str, list[str]], by_uid: dict[str, SourceRecord], run, decision,
           provisional: frozenset[int] = frozenset(), staying: frozenset[int] = frozenset()) -> int:
    """Give each cluster one person and move the records that are elsewhere; returns how many moved.

    A cluster keeps the person most of its records already have (unless another cluster claimed it);
    clusters whose records are at home (never moved, or back where they started) choose first, then
    the one holding the `staying` records (those an unmerge leaves where they are). A
    cluster with no person of its own takes back the person its records came from if that person now
    holds nothing (a re-split person comes back), else a new person. `provisional` persons were created
    for records arriving in this transaction: a record placed elsewhere is recorded as arriving there
    (no `from_person`) and a provisional person left empty is deleted, not redirected.
    """
    homes = _homes([r.id for r in by_uid.values()])

    def home(record: SourceRecord) -> int | None:
        return homes.get(record.id, record.person_id)

    groups = [[by_uid[uid] for uid in members] for members in clusters.values()]
    groups.sort(key=lambda rs: (-sum(1 for r in rs if r.person_id and home(r) == r.person_id),
                                -sum(1 for r in rs if r.id in staying), -len(rs), min(_uid(r) for r in rs)))
    claimed: set[int] = set()
    moves, touched, left = [], set(), {}  # left: person a record left -> where it went
    for records in groups:
        current = Counter(r.person_id for r in records if r.person_id)
        ranked = sorted(current.items(), key=lambda kv: (kv[0] in provisional, -kv[1], kv[0]))
        target = next((pid for pid, _ in ranked if pid not in claimed), None)
        if target is None or target in provisional:
            came_from = Counter(home(r) for r in records if home(r) and home(r) not in provisional)
            for pid, _ in sorted(came_from.items(), key=lambda kv: (-kv[1], kv[0])):
                if pid not in claimed and not SourceRecord.objects.filter(person_id=pid).exists():
                    target = pid
                    break
        if target is None:
            first = records[0]
            target = Person.objects.create(person_type=first.person_type, display_name=first.full_name,
                                           date_of_birth=first.date_of_birth, sex=first.sex).id
        claimed.add(target)
        for record in records:
            if record.person_id != target:
                origin = None if record.person_id in provisional else record.person_id
                moves.append(RecordMove(record=record, from_person_id=origin, to_person_id=target,
                                        run=run, decision=decision))
                touched.update({record.person_id, target})
                left[record.person_id] = target
                record.person_id = target
    SourceRecord.objects.bulk_update([m.record for m in moves], ["person"])
    RecordMove.objects.bulk_create(moves)
    touched.discard(None)
    emptied = list(Person.objects.filter(id__in=touched, records__isnull=True))
    for person in emptied:
        if person.id in provisional and _discard(person):
            continue
        person.merged_into_id = left[person.id]
        person.save(update_fields=["merged_into"])
    Person.objects.filter(id__in=touched, records__isnull=False).update(merged_into=None)
    refresh_summaries(touched)
    _after_moves(touched, run)
    return len(moves)


def _after_moves(touched: set[int], run: LinkRun) -> None:
    """Records changed person: re-infer households and relationships, then re-evaluate prompts for the
    children concerned (a merge can complete a pattern no agency's records showed alone)."""
    from joinedup.people.households import refresh_all_households, refresh_households
    from joinedup.prompts.services import affected_children, evaluate_everyone, evaluate_people

    if not touched:
        return
    if run.kind == RunKind.FULL:
        refresh_all_households()
        evaluate_everyone()
    else:
        refresh_households(touched)
        evaluate_people(affected_children(touched))


def _discard(person: Person) -> bool:
    """Delete a provisional person nobody has referred to yet; False (kept, to be redirected) if something has.
    The action log's people are append-only (a trigger refuses their deletion on PostgreSQL), so a person an
    action names is kept as surely as one the access log protects."""
    if person.actions.exists():
        return False
    try:
        with transaction.atomic():
            person.delete()
    except ProtectedError:
        return False
    return True


def _refresh_review(review, pairs, by_uid, run) -> int:
    """Replace the open review queue with this run's items (items already decided stay as they were)."""
    ReviewItem.objects.filter(open=True).delete()
    return _add_review(review, pairs, by_uid, run)


def _add_review(review, pairs, by_uid, run) -> int:
    """Open a review item for each pair not yet decided and not already waiting in the queue."""
    breakdowns = {(p.uid_l, p.uid_r): p.breakdown for p in pairs}
    skip = {tuple(sorted(pair)) for pair in LinkDecision.objects.values_list("record_a_id", "record_b_id")}
    skip |= {tuple(sorted(pair)) for pair in ReviewItem.objects.filter(open=True).values_list("record_a_id", "record_b_id")}
    items = []
    for item in review:
        a, b = by_uid[item.uid_l], by_uid[item.uid_r]
        key = tuple(sorted((a.id, b.id)))
        if key in skip:
            continue
        skip.add(key)
        breakdown = breakdowns.get((item.uid_l, item.uid_r)) or breakdowns.get((item.uid_r, item.uid_l)) or {}
        items.append(ReviewItem(record_a=a, record_b=b, match_weight=item.match_weight, reason=item.reason,
                                breakdown={k: list(v) for k, v in breakdown.items()}, run=run))
    ReviewItem.objects.bulk_create(items)
    return len(items)


# --- new records as they arrive ----------------------------------------------------------------------

def _chunks(values) -> list[list]:
    values = sorted(values)
    return [values[i:i + _CHUNK] for i in range(0, len(values), _CHUNK)]


def _candidates(new: list[SourceRecord]) -> list[SourceRecord]:
    """Stored records that could share a blocking key with a new record (superset of the Splink blocks).

    Every blocking rule requires an equal date of birth, postcode, NHS number or UPN, except
    forename + surname + birth year, which is covered by the surname's phonetic key.
    """
    keys = {
        "date_of_birth": {r.date_of_birth for r in new if r.date_of_birth and r.date_of_birth not in SENTINEL_DATES},
        "postcode": {r.postcode for r in new if r.postcode},
        "nhs_number": {r.nhs_number for r in new if r.nhs_number},
        "upn": {r.upn for r in new if r.upn},
        "surname_key": {r.surname_key for r in new if r.surname_key},
    }
    new_ids = {r.id for r in new}
    ids: set[int] = set()
    for column, values in keys.items():
        for chunk in _chunks(values):
            ids.update(SourceRecord.objects.filter(**{f"{column}__in": chunk}).values_list("id", flat=True))
    ids -= new_ids
    out = []
    for chunk in _chunks(ids):
        out += SourceRecord.objects.filter(id__in=chunk).select_related("agency")
    return out


def link_arrivals(batch, *, since: datetime, actor=None) -> LinkRun | None:
    """Match the records an import created against the existing persons, without a full relink.

    Runs inside the import's transaction (so a file's records and their links commit together, and
    nobody ever sees a record under a provisional person). With no trained model it does nothing: the
    records keep the person they were given on an exact NHS number or UPN, or one of their own.
    """
    stored = LinkageModel.objects.first()
    if not _scores(stored):
        return None
    new = list(SourceRecord.objects.filter(import_batch=batch, created_at__gte=since).select_related("agency"))
    if not new:
        return None
    run = LinkRun.objects.create(model=stored, actor=actor, records=len(new), kind=RunKind.INCREMENTAL)
    new_rows, by_uid = _rows(new)
    existing_rows, existing = _rows(_candidates(new))
    pairs = match(_trained(stored), existing_rows, new_rows, threshold=REVIEW_THRESHOLD, config=CONFIG)
    provisional = frozenset(Person.objects.filter(id__in={r.person_id for r in new}, created_at__gte=since)
                            .values_list("id", flat=True))
    touched = {existing[uid].person_id for p in pairs for uid in (p.uid_l, p.uid_r) if uid in existing}
    touched |= {r.person_id for r in new if r.person_id not in provisional}
    held = list(SourceRecord.objects.filter(person_id__in=touched).select_related("agency"))
    held_rows, held_by_uid = _rows(held)
    by_uid.update(held_by_uid)
    persons: dict[str, list[str]] = {}
    for uid, record in held_by_uid.items():
        persons.setdefault(str(record.person_id), []).append(uid)
    arrivals: dict[int, list[str]] = {}
    for uid, record in by_uid.items():
        if record.person_id in provisional:
            arrivals.setdefault(record.person_id, []).append(uid)
    must, cannot = _constraints(set(by_uid))
    placed = assign(pairs, new_rows, held_rows, persons, AUTO_THRESHOLD, REVIEW_THRESHOLD, cannot_link=cannot,
                    must_link=must, same_agency_conflict=CONFIG.same_agency_conflict, new_groups=arrivals.values())
    run.pairs = len(pairs)
    run.records_moved = _apply(placed.result.clusters(), by_uid, run, None, provisional=provisional)
    run.review_items = _add_review(one_item_per_pair_of_persons(placed.review, placed.result.cluster_of), pairs,
                                   by_uid, run)
    run.finished_at = timezone.now()
    run.save()
    return run


# --- reviewers' decisions and unmerges ---------------------------------------------------------------

def _recluster(records: list[SourceRecord], *, groups: list[list[SourceRecord]], run: LinkRun, decision,
               pairs=(), staying: frozenset[int] = frozenset()) -> tuple[int, list]:
    """Cluster just these records (seeded with `groups`) under the decisions among them; move and open review items."""
    rows, by_uid = _rows(records)
    must, cannot = _constraints(set(by_uid))
    result = cluster(pairs, auto_threshold=AUTO_THRESHOLD, review_threshold=REVIEW_THRESHOLD, cannot_link=cannot,
                     must_link=must, records=rows, same_agency_conflict=CONFIG.same_agency_conflict,
                     groups=[[_uid(r) for r in group] for group in groups])
    run.records = len(records)
    run.pairs = len(pairs)
    run.records_moved = _apply(result.clusters(), by_uid, run, decision, staying=staying)
    run.review_items = _add_review(one_item_per_pair_of_persons(result.review, result.cluster_of), pairs, by_uid, run)
    run.finished_at = timezone.now()
    run.save()
    return run.records_moved, result.refused_must_links


def _settle(made: LinkDecision, actor) -> tuple[LinkRun, list]:
    """Apply one same/different decision to the persons holding its two records (and no one else)."""
    a, b = (SourceRecord.objects.select_related("agency").get(pk=pk) for pk in (made.record_a_id, made.record_b_id))
    stored = LinkageModel.objects.first()
    run = LinkRun.objects.create(model=stored, actor=actor, kind=RunKind.DECISION)
    records = list(SourceRecord.objects.filter(person_id__in={a.person_id, b.person_id}).select_related("agency"))
    by_person: dict[int, list[SourceRecord]] = {}
    for record in records:
        by_person.setdefault(record.person_id, []).append(record)
    pairs = []
    groups = list(by_person.values())
    if made.decision == Decision.DIFFERENT and a.person_id == b.person_id:
        # Unmerge: the person holding both is re-clustered from fresh scores of just its records.
        held = by_person[a.person_id]
        if _scores(stored) and len(held) > 1:
            pairs = predictor("duckdb")(_trained(stored), _rows(held)[0], threshold=REVIEW_THRESHOLD, config=CONFIG)
            groups = []
        else:  # no model to score with: only the second record leaves
            groups = [[r for r in held if r.id != b.id], [r for r in held if r.id == b.id]]
    _, refused = _recluster(records, groups=groups, run=run, decision=made, pairs=pairs, staying=frozenset({a.id}))
    return run, refused


@transaction.atomic
def decide(item: ReviewItem, *, decision: str, reason: str, actor) -> LinkDecision:
    """Record a reviewer's decision with its reason and apply it to the two persons concerned.

    It holds in every later relink (must-link / cannot-link). "Different people" on two records of one
    person splits that person. The decision, and what it moved, is written to the audit action log.
    `made.run` is the local run (None for "unsure"); `made.refused` says why a "same" could not merge.
    """
    if not reason.strip():
        raise ValueError("Give a reason for the decision.")
    persons_before = {item.record_a.person_id, item.record_b.person_id}
    made = LinkDecision.objects.create(record_a=item.record_a, record_b=item.record_b, decision=decision,
                                       reason=reason.strip(), decided_by=actor, review_item=item)
    item.open = False
    item.save(update_fields=["open"])
    made.run, made.refused = None, []
    if decision != Decision.UNSURE:
        made.run, made.refused = _settle(made, actor)
    moves = list(RecordMove.objects.filter(decision=made).values_list("record_id", "from_person_id", "to_person_id"))
    log_action(actor, f"linkage decision: {decision}", reason=made.reason,
               persons=persons_before | {m[2] for m in moves},
               detail={"decision": made.id, "review_item": item.id, "records": [made.record_a_id, made.record_b_id],
                       "moves": moves, "refused": [r[2] for r in made.refused]})
    return made


@transaction.atomic
def unmerge(records: list[SourceRecord], *, reason: str, actor) -> Person:
    """Split `records` (all of one person) off that person, together, with a reason; returns where they went.

    Each split record gets a "different people" decision against each record that stays, so every later
    relink keeps them apart. The records go back to the person they came from if that person is empty,
    else to a new person; the rest stay together. Audited, and every move is kept.
    """
    if not reason.strip():
        raise ValueError("Give a reason for the unmerge.")
    if not records:
        raise ValueError("Choose at least one record to split off.")
    person_ids = {r.person_id for r in records}
    if len(person_ids) != 1 or None in person_ids:
        raise ValueError("The records to split off must all belong to one person.")
    person_id = person_ids.pop()
    split_ids = {r.id for r in records}
    held = list(SourceRecord.objects.filter(person_id=person_id).select_related("agency"))
    staying = [r for r in held if r.id not in split_ids]
    leaving = [r for r in held if r.id in split_ids]
    if not staying:
        raise ValueError("A person must keep at least one record; split off fewer records.")
    made = LinkDecision.objects.bulk_create([
        LinkDecision(record_a=s, record_b=r, decision=Decision.DIFFERENT, reason=reason.strip(), decided_by=actor)
        for s in leaving for r in staying
    ])
    run = LinkRun.objects.create(model=LinkageModel.objects.first(), actor=actor, kind=RunKind.DECISION)
    first = LinkDecision.objects.filter(decided_by=actor, record_a=leaving[0], record_b=staying[0]).order_by("-id").first()
    _recluster(held, groups=[staying, leaving], run=run, decision=first, staying=frozenset(r.id for r in staying))
    leaving[0].refresh_from_db()
    moves = list(RecordMove.objects.filter(run=run).values_list("record_id", "from_person_id", "to_person_id"))
    log_action(actor, "unmerge", reason=reason.strip(), persons={person_id} | {m[2] for m in moves},
               detail={"person": person_id, "records": sorted(split_ids), "decisions": len(made), "moves": moves})
    return leaving[0].person
