"""Replay a seed scenario as a partnership would live it, and say which expected moments were prompted on time.

Each case (tests/scenarios/cases/<case>/) is loaded into the current database through JoinedUp's real paths:
people files (`joinedup.imports.services.import_file`, as `joinedup import` does), then `joinedup link`,
then day by day, in date order, whatever arrived that day (events as they were recorded, links from the day
they were observed, the adapted non-standard rows of ADAPTATIONS.md), each followed by the daily
`joinedup prompts --as-of <that day>`. The partnership's clock is the replayed day (Django's `timezone.now`
reads it), so imports, case notes and deadlines happen "on" that day, never on the real date.

For each moment of `expected.yaml`, a prompt counts when its rule is one of the moment's rules in themes.yaml
and it is about the moment's subject (a child: the child's person or one of a context prompt's children;
an adult: the adult, or a child's prompt whose evidence names the adult; a place: a context prompt about a
place with that postcode). It is on time when first raised on or before the day the moment's earliest event
arrived, late when raised after, missed when never raised.

Report: `python -m tests.scenarios.replay [case ...]` (a fresh SQLite database in a temporary folder).
"""

import io
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import yaml

from .timeline import CASES, Arrival, agency_kind, load_case

__all__ = ["CASE_NAMES", "MomentResult", "Replay", "replay_case"]

CASE_NAMES = sorted(p.name for p in CASES.iterdir() if (p / "expected.yaml").is_file())
THEMES = yaml.safe_load((Path(__file__).parent / "themes.yaml").read_text())
AFTER_LAST_DAYS = 70   # daily runs continue this long after the last arrival (45 working days fall due)


@dataclass
class MomentResult:
    case: str
    id: str
    theme: str
    rules: list[str]
    due: date | None            # the day the earliest event arrived
    status: str                 # on_time | late | missed
    raised_on: date | None = None
    rule: str = ""
    cites_seed: bool | None = None
    reason: str = ""            # why it is late or missed, in the runner's words


@dataclass
class Replay:
    case: str
    moments: list[MomentResult]
    not_imported: list[str] = field(default_factory=list)      # rows the importers rejected, with the error
    adapted: list[str] = field(default_factory=list)           # what each adapted row became
    quiet_breaches: list[str] = field(default_factory=list)    # should_not_prompt events that raised a prompt
    prompts_raised: int = 0
    linkage: str = ""
    prompt_lines: list[str] = field(default_factory=list)     # every prompt: day first raised, rule, about, evidence


# ---------------------------------------------------------------------------------------------- the clock
@contextmanager
def partnership_clock():
    """Django's `timezone.now` reads the replayed day (the end of it: that day's records are all in)."""
    from django.utils import timezone

    state = {"now": timezone.now()}
    real = timezone.now

    def set_day(day: date) -> None:
        state["now"] = timezone.make_aware(datetime.combine(day, time(23, 59, 59)))

    timezone.now = lambda: state["now"]
    try:
        yield set_day
    finally:
        timezone.now = real


# ---------------------------------------------------------------------------------------------- replay
def _quiet(command: str, *args, **options) -> str:
    from django.core.management import call_command

    out = io.StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


def _import(path: Path, agency_code: str, replay: Replay) -> None:
    from joinedup.agencies.models import Agency
    from joinedup.imports.services import import_file

    rejects = path.with_name(path.name + ".rejects.csv")
    for report in import_file(path, agency=Agency.objects.get(code=agency_code), skip_invalid=True,
                              rejects_path=rejects):
        for error in report.errors:
            replay.not_imported.append(f"{agency_code}/{path.name}: {error}")


def _write(folder: Path, agency: str, name: str, text: str) -> Path:
    path = folder / agency / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _arrive(arrival: Arrival, folder: Path, replay: Replay) -> None:
    from .adapt import ADAPTERS

    if arrival.kind in ADAPTERS:
        for row in arrival.rows:
            try:
                made = ADAPTERS[arrival.kind](arrival.agency, row)
            except Exception as error:  # noqa: BLE001 - a row the adaptation cannot place is reported, not lost
                replay.not_imported.append(f"{arrival.file} {arrival.ids[0]}: {type(error).__name__}: {error}")
            else:
                replay.adapted.append(f"{arrival.file} {arrival.ids[0]} -> {made}")
        return
    name = Path(arrival.file).name
    _import(_write(folder / arrival.day.isoformat(), arrival.agency, name, arrival.text), arrival.agency, replay)


def _subjects(prompt, records_of, postcodes_of) -> set[tuple]:
    """Everything a prompt is about, as stable keys: ("record", agency, id) for each person's records, ("place",
    postcode); evidence subjects as ("evidence", agency, id)."""
    keys = set()
    for person_id in [prompt.person_id, *[c.pk for c in prompt.children.all()]]:
        keys |= {("record", *r) for r in records_of(person_id)}
    if prompt.context_id and prompt.context.location_id:
        keys.add(("place", postcodes_of(prompt.context.location.postcode)))
    for event in prompt.events.all():
        for subject in event.subjects.all():
            keys |= {("evidence", *r) for r in records_of(subject.person_id)}
    return keys


class _Watch:
    """Which prompt was first about which subject, and first rested on which event, day by day."""

    def __init__(self):
        self.first_seen: dict[tuple, date] = {}     # (prompt id, rule, subject key) -> day
        self.evidence: dict[tuple, date] = {}       # (prompt id, (agency, event id)) -> day
        self.moments: dict[int, date] = {}          # prompt id -> its moment
        self.signature = None

    def look(self, day: date) -> None:
        from joinedup.people.models import Person, SourceRecord
        from joinedup.prompts.models import Prompt, PromptEvidence

        signature = (Prompt.objects.count(), PromptEvidence.objects.count(), Prompt.children.through.objects.count())
        if signature == self.signature:
            return
        self.signature = signature
        merged = dict(Person.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id"))
        records: dict[int, set] = {}
        for person_id, agency, record_id in SourceRecord.objects.values_list("person_id", "agency__code", "record_id"):
            while person_id in merged:
                person_id = merged[person_id]
            records.setdefault(person_id, set()).add((agency, record_id))

        def records_of(person_id):
            while person_id in merged:
                person_id = merged[person_id]
            return records.get(person_id, set())

        prompts = Prompt.objects.select_related("context__location").prefetch_related(
            "children", "events__subjects", "events__agency")
        for prompt in prompts:
            self.moments[prompt.pk] = prompt.moment
            for key in _subjects(prompt, records_of, _postcode):
                self.first_seen.setdefault((prompt.pk, prompt.rule_id, key), day)
            for event in prompt.events.all():
                self.evidence.setdefault((prompt.pk, (event.agency.code, event.source_id)), day)


def _postcode(text: str | None) -> str:
    return "".join((text or "").split()).upper()


def _due_days(arrival_days: set[date], births) -> set[date]:
    """The days with no arrival on which the daily run can still raise something: a timescale of the
    catalogue counted from an arrival (`within_days` / `within_working_days`), or a child's birthday rule."""
    from engine.prompts.calendar import add_months, add_working_days
    from engine.prompts.catalogue import load_catalogue

    days: set[date] = set()
    for rule in load_catalogue().rules:
        pattern = rule.pattern
        for arrived in arrival_days:
            if pattern.within_days is not None:
                days.add(arrived + timedelta(days=pattern.within_days))
            if pattern.within_working_days is not None:
                days.add(add_working_days(arrived, pattern.within_working_days))
        if pattern.at_age_months is not None:
            days |= {add_months(born, pattern.at_age_months) for born in births}
    return days - arrival_days


def replay_case(name: str, workdir: Path, *, every_day: bool = False, set_based: bool = False) -> Replay:
    """Replay one case into the current (empty) database and score its expected moments.

    The daily run is `joinedup prompts --as-of DAY --person <everyone>` (one child at a time; `set_based`
    runs it without --person, through the set-based evaluator: the two raise the same prompts). It runs on
    every day something arrived and every day a timescale can fall due (`_due_days`); `every_day` runs it
    on every calendar day instead (slow; the same prompts, which `--every-day` lets anyone check)."""
    from joinedup.agencies.models import Agency
    from joinedup.people.models import Person
    from joinedup.prompts.models import Prompt

    case = load_case(name)
    replay = Replay(case=name, moments=[])
    watch = _Watch()
    first = min(a.day for a in case.arrivals)
    last = max(a.day for a in case.arrivals) + timedelta(days=AFTER_LAST_DAYS)
    with partnership_clock() as set_day:
        set_day(first - timedelta(days=1))
        for code in case.agencies:
            Agency.objects.get_or_create(code=code, defaults={"name": code.replace("_", " ").title(),
                                                              "kind": agency_kind(code)})
        for agency, path in case.setup:
            _import(path, agency, replay)
        for agency, file, text in case.setup_text:
            _import(_write(workdir / "setup", agency, file, text), agency, replay)
        replay.linkage = " / ".join(line.strip() for line in _quiet("link").splitlines() if line.strip())
        everyone = list(Person.objects.filter(merged_into__isnull=True).values_list("pk", flat=True))
        due_days = _due_days(set(a.day for a in case.arrivals), Person.objects.filter(
            merged_into__isnull=True, date_of_birth__isnull=False).values_list("date_of_birth", flat=True))
        arriving: dict[date, list[Arrival]] = {}
        for arrival in case.arrivals:
            arriving.setdefault(arrival.day, []).append(arrival)
        day = first
        while day <= last:
            set_day(day)
            for arrival in arriving.get(day, ()):
                _arrive(arrival, workdir, replay)
            if every_day or day in arriving or day in due_days:
                if set_based:
                    _quiet("prompts", as_of=day.isoformat())
                else:
                    _quiet("prompts", as_of=day.isoformat(), person=everyone)
                watch.look(day)
            day += timedelta(days=1)
        replay.prompts_raised = Prompt.objects.count()
    replay.moments = [_score(case, moment, watch, replay) for moment in case.expected["moments"]]
    replay.quiet_breaches = _quiet_breaches(case, watch)
    replay.prompt_lines = _prompt_lines(watch)
    return replay


def _prompt_lines(watch: _Watch) -> list[str]:
    out = []
    for pk in sorted(watch.moments):
        seen = {(rule, key): day for (p, rule, key), day in watch.first_seen.items() if p == pk}
        if not seen:
            continue
        rule = next(iter(seen))[0]
        about = sorted({"/".join(key[1:]) for (_, key) in seen if key[0] in ("record", "place")})
        evidence = sorted(event_id for (p, (agency, event_id)) in watch.evidence if p == pk)
        out.append(f"{min(seen.values())} {rule} (moment {watch.moments[pk]}) about {', '.join(about)}; "
                   f"evidence {', '.join(evidence)}")
    return sorted(out)


# ---------------------------------------------------------------------------------------------- scoring
def _wanted(about: dict) -> tuple[set, bool]:
    """The subject keys that satisfy a moment, and whether evidence naming the subject counts."""
    if about["kind"] == "place":
        return {("place", _postcode(about["postcode"]))}, False
    record = (about["agency"], about["record_id"])
    if about["kind"] == "adult":
        return {("record", *record), ("evidence", *record)}, True
    return {("record", *record)}, False


def _score(case, moment: dict, watch: _Watch, replay: Replay) -> MomentResult:
    from engine.prompts.catalogue import load_catalogue

    theme = THEMES[case.name][moment["id"]]
    rules = list(theme.get("rules") or [])
    event = moment["earliest_event"]
    arrival = case.arrival_of(event["agency"], event["event_id"])
    result = MomentResult(case.name, moment["id"], moment["theme"], rules, arrival.day if arrival else None,
                          "missed")
    wanted, _ = _wanted(moment["about"])
    hits = _hits(watch, rules, wanted, (event["agency"], event["event_id"]), arrival.day if arrival else None)
    if arrival is None:
        result.reason = "the earliest event is in no file the runner reads"
    elif any(e.startswith(f"{event['agency']}/") and event["event_id"] in e for e in replay.not_imported):
        result.reason = f"the earliest event was not imported ({event['event_id']})"
    if hits:
        result.raised_on, result.rule = hits[0]
        result.status = "on_time" if arrival is not None and result.raised_on <= arrival.day else "late"
        seed = str(case.expected["seed"])
        rule_files = _rule_files(result.rule, load_catalogue)
        result.cites_seed = seed in rule_files
        if result.status == "late":
            result.reason = f"{result.rule} raised {(result.raised_on - arrival.day).days} days after the event"
    elif not result.reason:
        if not rules:
            result.reason = "no rule in the catalogue for this theme"
        else:
            elsewhere = sorted({key for (pk, rule, key), day in watch.first_seen.items() if rule in rules})
            result.reason = (f"{'/'.join(rules)} never raised about this subject"
                             + (" (raised about others)" if elsewhere else ""))
    return result


def _episode_days(rule_id: str) -> int:
    from engine.context.rules import load_rules
    from engine.prompts.catalogue import load_catalogue

    rules = load_rules() if rule_id.startswith("C") else load_catalogue()
    return rules.rule(rule_id).episode_days


def _hits(watch: _Watch, rules: list[str], wanted: set, event: tuple[str, str], due: date | None):
    """(day, rule) for each prompt that answers the moment: one of its rules, about its subject, and either
    resting on the moment's earliest event, or already raised by that day for the same episode (the catalogue
    raises a prompt once per episode: an open prompt of the same pattern is the prompt for this event too)."""
    about: dict[tuple[int, str], date] = {}
    for (pk, rule, key), day in watch.first_seen.items():
        if rule in rules and key in wanted:
            about[(pk, rule)] = min(day, about.get((pk, rule), day))
    hits = []
    for (pk, rule), day in about.items():
        rested = watch.evidence.get((pk, event))
        if rested is not None:
            hits.append((max(day, rested), rule))
        elif due is not None and day <= due and 0 <= (due - watch.moments[pk]).days <= _episode_days(rule):
            hits.append((day, rule))
    return sorted(hits)


def _rule_files(rule_id: str, load_catalogue) -> set[str]:
    if rule_id.startswith("C"):
        from engine.context.rules import load_rules

        rule = load_rules().rule(rule_id)
    elif rule_id.startswith("D"):
        return set()
    else:
        rule = load_catalogue().rule(rule_id)
    return {str(c.file) for c in rule.learning}


def _quiet_breaches(case, watch: _Watch) -> list[str]:
    """should_not_prompt events that are evidence of a prompt first raised on the day they arrived."""
    from joinedup.events.models import Event
    from joinedup.prompts.models import Prompt

    out = []
    for quiet in case.expected.get("should_not_prompt") or []:
        agency, event_id = quiet["event"]["agency"], quiet["event"]["event_id"]
        arrival = case.arrival_of(agency, event_id)
        event = Event.objects.filter(agency__code=agency, source_id=event_id).first()
        if arrival is None or event is None:
            continue
        for prompt in Prompt.objects.filter(events=event):
            seen = min((d for (pk, _, _), d in watch.first_seen.items() if pk == prompt.pk), default=None)
            if seen == arrival.day:
                out.append(f"{quiet['id']}: {prompt.rule_id} raised on {seen} with {event_id} as evidence")
    return out


# ---------------------------------------------------------------------------------------------- report
def summary(replays: list[Replay], verbose: bool = False, classes: dict[str, str] | None = None) -> str:
    """Per case and overall: moments on time, late, missed, each miss with the runner's reason and its class
    (`classes`: test_scenarios.KNOWN_MISSES)."""
    classes = classes or {}
    lines = []
    totals = {"on_time": 0, "late": 0, "missed": 0}
    for rep in replays:
        counts = {k: sum(m.status == k for m in rep.moments) for k in totals}
        for k in totals:
            totals[k] += counts[k]
        lines.append(f"{rep.case}: {counts['on_time']} on time, {counts['late']} late, {counts['missed']} missed "
                     f"of {len(rep.moments)}  ({rep.prompts_raised} prompts raised; linkage: {rep.linkage})")
        for m in rep.moments:
            when = f" {m.rule} on {m.raised_on}" if m.raised_on else ""
            cite = "" if m.cites_seed is None else ("" if m.cites_seed else " [rule does not cite this seed]")
            line = f"  {m.id} {m.status:8}{when} (event {m.due}){cite}"
            if m.status != "on_time":
                line += f" -- {m.reason}" + (f"; class: {classes[m.id]}" if m.id in classes else "")
            lines.append(line)
        for item in rep.not_imported:
            lines.append(f"  not imported: {item}")
        for item in rep.quiet_breaches:
            lines.append(f"  should not prompt: {item}")
        if verbose:
            lines += [f"  prompt: {line}" for line in rep.prompt_lines]
    n = sum(totals.values())
    lines.append(f"overall: {totals['on_time']} on time, {totals['late']} late, {totals['missed']} missed of {n} "
                 f"moments ({100 * totals['on_time'] / max(n, 1):.0f}% on time)")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    import os
    import time as clock

    folder = Path(tempfile.mkdtemp(prefix="joinedup-scenarios-"))
    os.environ["JOINEDUP_VAR_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'scenarios.sqlite3'}"
    os.environ.setdefault("JOINEDUP_DEV", "1")      # development settings, as the test suite uses
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    import django

    django.setup()
    from django.db import transaction

    _quiet("migrate")
    replays = []
    started = clock.perf_counter()
    every_day, set_based = "--every-day" in argv, "--set-based" in argv
    for name in [a for a in argv if not a.startswith("--")] or CASE_NAMES:
        with transaction.atomic():
            replays.append(replay_case(name, folder / name, every_day=every_day, set_based=set_based))
            transaction.set_rollback(True)
    from .test_scenarios import KNOWN_MISSES

    print(summary(replays, verbose="--prompts" in argv, classes=KNOWN_MISSES))
    print(f"replayed {len(replays)} cases in {clock.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
