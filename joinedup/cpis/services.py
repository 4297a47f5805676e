"""CP-IS in JoinedUp: who sees the flag, attendances and who is told of them, and the CP-IS files.

    may_see_flag(user, person)          health practitioners who may open the person; whole-picture readers
    record_attendance(person, ...)      an unscheduled-care attendance of a flagged child -> the allocated social
                                        worker's inbox (or the responsible authority's team queue)
    attendances_after_import(batch, n)  the unscheduled-care health records an events file created
    import_cpis_file(text, kind, ...)   a CP-IS plans or accesses file, all or nothing
    export_plans()                      the partnership's plans, as CP-IS takes them (and the children it cannot
                                        upload: no NHS number)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from engine.cpis.files import RowError, read_rows, write_rows
from joinedup.agencies.models import AgencyKind
from joinedup.audit.services import log_action
from joinedup.core.reasons import Refused
from joinedup.cpis.models import Attendance, AttendanceSource, Authority, CpisFile, Plan, PlanType, Setting
from joinedup.cpis.status import Flag, flags_for, own_authority, own_spans
from joinedup.events.models import Event, EventSubject
from joinedup.people.models import Allocation, Person, SourceRecord
from joinedup.people.selectors import sees_whole_picture_of, visible_people

__all__ = ["CpisFileRefused", "Refused", "UNSCHEDULED", "attendances_after_import", "export_plans",
           "import_cpis_file", "last_attendances", "may_see_flag", "record_attendance"]

SHOWN = 25          # CP-IS shows the 25 most recent attendances
# health records that are unscheduled care, and the setting when the record does not say
UNSCHEDULED = {"health.ae_attendance": "emergency_department", "health.self_harm_presentation": "emergency_department",
               "health.overdose_presentation": "emergency_department"}


def may_see_flag(user, person: Person) -> bool:
    """CP-IS is for health staff; the allocated worker and the MASH see the whole picture anyway."""
    if not (user.is_authenticated and user.reads_case_data):
        return False
    if not visible_people(user).filter(pk=person.pk).exists():
        return False
    return (bool(user.agency_id) and user.agency.kind == AgencyKind.HEALTH) or sees_whole_picture_of(user, person)


def last_attendances(person: Person):
    return Attendance.objects.filter(person=person).select_related("recorded_by")[:SHOWN]


def _words(flags: list[Flag]) -> str:
    parts = []
    for flag in flags:
        since = f"since {flag.span.start:%-d %b %Y}" if flag.current else f"ended {flag.span.end:%-d %b %Y}"
        parts.append(f"{flag.plan_label.lower()} {since}")
    return "; ".join(parts)


def _social_workers(person: Person, authority: Authority) -> list:
    today = timezone.localdate()
    allocated = [a.worker for a in Allocation.objects.filter(person=person, start_date__lte=today,
                                                             worker__is_active=True)
                 .exclude(end_date__lt=today).select_related("worker__agency")]
    social = [w for w in allocated if w.agency_id and w.agency.kind == AgencyKind.SOCIAL_CARE]
    return social or allocated


def _tell(attendance: Attendance, person: Person, flags: list[Flag], from_agency_id=None) -> str:
    """Deliver the attendance to the allocated social worker(s), else the responsible authority's team queue (or the
    MASH's, for an authority outside the partnership); returns who was told, in words."""
    from joinedup.inbox.delivery import _mash_agency
    from joinedup.inbox.models import Why
    from joinedup.inbox.services import deliver_notice

    authority = flags[0].authority if flags else own_authority()
    workers = _social_workers(person, authority)
    team = authority.agency_id or (_mash_agency().pk if _mash_agency() else None)
    when = timezone.localtime(attendance.attended_at)
    summary = (f"CP-IS: {attendance.get_setting_display().lower()} attendance, {attendance.setting_name}, "
               f"{when:%-d %b %Y %H:%M} ({attendance.status_shown or 'flagged'})")
    deliver_notice(person.pk, workers=workers, team_agency_id=team, source_key=f"cpis:{attendance.source_key}",
                   summary=summary, why=Why.CPIS, from_agency_id=from_agency_id, event=attendance.event)
    if workers:
        return "the allocated worker: " + ", ".join(w.get_full_name() or w.username for w in workers)
    if authority.agency_id:
        return f"{authority.agency.name}'s team queue (no allocated worker)"
    return f"the MASH's team queue ({authority.name} is outside the partnership; CP-IS tells it directly)"


def _store(person: Person | None, *, attended_at: datetime, setting: str, setting_name: str, source: str,
           source_key: str, ods_code: str = "", nhs_number: str = "", event: Event | None = None, actor=None,
           source_file: CpisFile | None = None, plan_type: str = "", flags: list[Flag] | None = None,
           from_agency_id=None) -> tuple[Attendance, bool]:
    held = Attendance.objects.filter(source_key=source_key).first()
    if held is not None:
        return held, False
    flags = flags if flags is not None else (flags_for(person, timezone.localtime(attended_at).date()) if person else [])
    attendance = Attendance.objects.create(
        person=person, nhs_number=nhs_number, attended_at=attended_at, setting=setting, setting_name=setting_name[:200],
        ods_code=ods_code, plan_type=plan_type or (flags[0].span.plan_type if flags else ""),
        status_shown=_words(flags)[:300] or (PlanType(plan_type).label if plan_type else ""), source=source,
        source_key=source_key, event=event, recorded_by=actor, source_file=source_file)
    if person is not None:
        attendance.told = _tell(attendance, person, flags, from_agency_id)[:300]
        attendance.save(update_fields=["told"])
    return attendance, True


@transaction.atomic
def record_attendance(person: Person, *, actor, setting: str, setting_name: str, attended_at: datetime,
                      ods_code: str = "") -> Attendance:
    """A health practitioner records that a flagged child is attending unscheduled care (as opening CP-IS does)."""
    if not may_see_flag(actor, person) or not (actor.agency_id and actor.agency.kind == AgencyKind.HEALTH):
        raise Refused({"__all__": "Attendances are recorded by health practitioners who may open the child."})
    errors: dict = {}
    if setting not in Setting.values:
        errors["setting"] = ["Choose the kind of setting."]
    if not (setting_name or "").strip():
        errors["setting_name"] = ["Name the setting (for example the hospital's emergency department)."]
    if attended_at is None or attended_at > timezone.now():
        errors["attended_at"] = ["Give when the child attended (not in the future)."]
    flags = flags_for(person, timezone.localtime(attended_at).date()) if attended_at else []
    if attended_at and not flags:
        errors["__all__"] = ["CP-IS shows no child protection plan or looked after status for this child on that "
                             "day, so no one is told of the attendance through CP-IS."]
    if errors:
        raise Refused(errors)
    attendance, _ = _store(person, attended_at=attended_at, setting=setting, setting_name=setting_name.strip(),
                           ods_code=ods_code.strip(), source=AttendanceSource.RECORDED, actor=actor, flags=flags,
                           source_key=f"recorded:{person.pk}:{attended_at:%Y%m%d%H%M%S}:{actor.pk}",
                           from_agency_id=actor.agency_id)
    log_action(actor, "CP-IS attendance recorded", persons=[person.pk],
               detail={"attendance": attendance.pk, "setting": setting, "told": attendance.told})
    return attendance


def attendances_after_import(batch, after_id: int) -> list[Attendance]:
    """Unscheduled-care health records an events file created, for flagged children: each one is an attendance
    the allocated social worker is told of. Once the partnership is live, as the inboxes are."""
    from joinedup.linkage.models import LinkageModel

    if batch.kind != "events" or not LinkageModel.objects.exists():
        return []
    events = Event.objects.filter(import_batch=batch, id__gt=after_id, event_type__in=list(UNSCHEDULED))
    pairs = list(EventSubject.objects.filter(event__in=events, record__person__isnull=False)
                 .values_list("event_id", "record__person_id").distinct())
    # set-based first: only people with a plan or care episode anywhere are looked at one by one
    people = sorted({person_id for _, person_id in pairs})
    planned: set[int] = set()
    for start in range(0, len(people), 2000):
        chunk = people[start:start + 2000]
        planned |= set(own_spans(chunk))
        planned |= set(SourceRecord.objects.filter(person_id__in=chunk, nhs_number__in=Plan.objects.values("nhs_number"))
                       .values_list("person_id", flat=True))
    made = []
    for event_id, person_id in pairs:
        if person_id not in planned:
            continue
        event = Event.objects.select_related("agency", "location").get(pk=event_id)
        person = Person.objects.get(pk=person_id)
        flags = flags_for(person, timezone.localtime(event.occurred_at).date())
        if not flags:
            continue
        setting = (event.attributes or {}).get("care_setting") or UNSCHEDULED[event.event_type]
        name = str(event.location) if event.location_id else event.agency.name
        attendance, new = _store(person, attended_at=event.occurred_at, setting=setting, setting_name=name,
                                 source=AttendanceSource.HEALTH_RECORD, event=event, flags=flags,
                                 source_key=f"event:{event.pk}:person:{person.pk}", from_agency_id=event.agency_id)
        if new:
            made.append(attendance)
    return made


# ---------------------------------------------------------------------------------------------------- files


class CpisFileRefused(ValueError):
    """A CP-IS file with problems: nothing was imported; every problem is listed."""

    def __init__(self, errors: list):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors[:50]))


@dataclass
class Imported:
    file: CpisFile
    attendances: list = field(default_factory=list)


def _authority(row: dict) -> Authority:
    authority, made = Authority.objects.get_or_create(code=row["la_code"], defaults={
        "name": row["la_name"], "office_phone": row["la_office_phone"] or "",
        "out_of_hours_phone": row["la_out_of_hours_phone"] or ""})
    changed = {k: v for k, v in (("name", row["la_name"]), ("office_phone", row["la_office_phone"]),
                                 ("out_of_hours_phone", row["la_out_of_hours_phone"])) if v and getattr(authority, k) != v}
    if changed and not made:
        for name, value in changed.items():
            setattr(authority, name, value)
        authority.save(update_fields=list(changed))
    return authority


def _may_import(actor) -> None:
    if not (actor.is_authenticated and actor.reads_case_data and actor.agency_id and
            (actor.agency.kind in (AgencyKind.SOCIAL_CARE, AgencyKind.MASH)) and actor.role in ("team_manager",
                                                                                             "mash_officer")):
        raise Refused({"__all__": "CP-IS files are imported and exported by children's social care managers and the "
                                  "MASH."})


@transaction.atomic
def import_cpis_file(text: str, *, kind: str, name: str, actor) -> Imported:
    """Import a CP-IS plans or accesses file (CSV text): every row or none; re-importing changes nothing."""
    _may_import(actor)
    if kind not in ("plans", "accesses"):
        raise Refused({"kind": "Choose plans or accesses."})
    try:
        rows, errors = read_rows(text.splitlines(), kind, name)
    except ValueError as problem:              # the file as a whole (header) cannot be read
        raise CpisFileRefused([problem]) from problem
    if errors:
        raise CpisFileRefused(errors)
    source = CpisFile.objects.create(kind=kind, name=name[:200], sha256=hashlib.sha256(text.encode()).hexdigest(),
                                     imported_by=actor, rows=len(rows))
    done = Imported(source)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    if kind == "plans":
        for row in rows:
            plan, made = Plan.objects.get_or_create(
                authority=_authority(row), nhs_number=row["nhs_number"], plan_type=row["plan_type"],
                start_date=row["start_date"], defaults={"end_date": row["end_date"], "source_file": source,
                                                        "date_of_birth": row["date_of_birth"],
                                                        "la_child_id": row["la_child_id"]})
            if made:
                counts["created"] += 1
            elif (plan.end_date, plan.date_of_birth) != (row["end_date"], row["date_of_birth"]):
                plan.end_date, plan.date_of_birth, plan.source_file = row["end_date"], row["date_of_birth"], source
                plan.save(update_fields=["end_date", "date_of_birth", "source_file"])
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
    else:
        people = dict(SourceRecord.objects.filter(nhs_number__in={r["nhs_number"] for r in rows},
                                                  person__isnull=False).values_list("nhs_number", "person_id"))
        for row in rows:
            person = Person.objects.filter(pk=people.get(row["nhs_number"])).first()
            when = timezone.make_aware(row["accessed_at"]) if timezone.is_naive(row["accessed_at"]) else row["accessed_at"]
            place = hashlib.sha256(row["setting_name"].encode()).hexdigest()[:12]
            key = f"file:{row['nhs_number']}:{when:%Y%m%d%H%M}:{place}"
            attendance, made = _store(person, attended_at=when, setting=row["setting_type"],
                                      setting_name=row["setting_name"], ods_code=row["ods_code"] or "",
                                      nhs_number=row["nhs_number"], plan_type=row["plan_type"] or "",
                                      source=AttendanceSource.CPIS_FILE, source_file=source, source_key=key)
            counts["created" if made else "unchanged"] += 1
            if made:
                done.attendances.append(attendance)
    for key, value in counts.items():
        setattr(source, key, value)
    source.save(update_fields=list(counts))
    log_action(actor, f"CP-IS {kind} file imported", persons={a.person_id for a in done.attendances if a.person_id},
               detail={"file": source.pk, "name": name, "sha256": source.sha256, **counts})
    return done


@dataclass
class Export:
    csv: str
    rows: int
    without_nhs_number: list        # persons on a plan the file cannot carry


def export_plans(*, actor, on=None) -> Export:
    """The partnership's own plans and care episodes flagged today, one row each, for upload to CP-IS. A child
    with no NHS number held by any agency cannot be uploaded: those children are listed, to ask for it."""
    from joinedup.identifiers.selectors import nhs_numbers_of

    _may_import(actor)
    on = on or timezone.localdate()
    authority = own_authority()
    spans = own_spans()
    numbers = nhs_numbers_of(spans)
    people = Person.objects.in_bulk(list(spans))
    rows, missing, exported = [], [], set()
    for person_id, found in spans.items():
        flagged = [s for s in found if s.flagged(on)]
        if not flagged:
            continue
        identifier = numbers.get(person_id)
        if identifier is None:
            missing.append(people[person_id])
            continue
        exported.add(person_id)
        for span in flagged:
            rows.append({"nhs_number": identifier.nhs_number, "date_of_birth": people[person_id].date_of_birth,
                         "plan_type": span.plan_type, "start_date": span.start, "end_date": span.end,
                         "la_code": authority.code, "la_name": authority.name,
                         "la_office_phone": authority.office_phone,
                         "la_out_of_hours_phone": authority.out_of_hours_phone, "la_child_id": ""})
    rows.sort(key=lambda r: (r["nhs_number"], r["plan_type"], r["start_date"]))
    log_action(actor, "CP-IS plans exported", persons=exported,
               detail={"rows": len(rows), "without_nhs_number": len(missing), "on": on.isoformat()})
    return Export(write_rows(rows, "plans"), len(rows), sorted(missing, key=lambda p: p.display_name))


__all__ += ["Export", "Imported", "RowError"]
