"""The documented adaptations (ADAPTATIONS.md): rows of files no import kind carries, replayed through
JoinedUp's own services as the agency's practitioner would record them. Each function takes one row exactly
as the case file holds it; nothing in the case files is edited.
"""

from joinedup.accounts.models import Role, User
from joinedup.agencies.models import Agency
from joinedup.casenotes.services import write_case_note
from joinedup.contexts.services import refer
from joinedup.people.models import SourceRecord

from .timeline import parse_day

__all__ = ["ADAPTERS"]


def _user(agency: str, name: str) -> User:
    """The practitioner who wrote the row (one user per agency and author, created on first use)."""
    username = f"{agency}:{name or 'unknown'}"[:150]
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password=None, role=Role.PRACTITIONER,
                                        agency=Agency.objects.get(code=agency), first_name=(name or "")[:150])
    return user


def _person(agency: str, record_id: str):
    record = SourceRecord.objects.select_related("person").get(agency__code=agency, record_id=record_id)
    person = record.person
    while person.merged_into_id:
        person = person.merged_into
    return person


def _first_record(row: dict) -> str:
    return [r.strip() for r in row["record_ids"].split(";") if r.strip()][0]


def case_note(agency: str, row: dict) -> str:
    """csc/probation case_notes.csv: a case note on the first named person's record (the note's subject)."""
    text = f"{row['note_type']} ({parse_day(row['note_date']):%d/%m/%Y}): {row['note']}"
    note = write_case_note(_person(agency, _first_record(row)), author=_user(agency, row["author"]), text=text)
    return f"case note {note.pk}"


def outcome(agency: str, row: dict) -> str:
    """police/outcomes.csv: the investigation outcome as the officer's case note on the first named person
    (the victim), with the Home Office outcome type and the officer's reason as written."""
    code = f"outcome {row['ho_outcome_code']}: " if row["ho_outcome_code"] else ""
    text = (f"Investigation outcome, {row['offence']} ({row['crime_ref']}): {code}{row['ho_outcome_text']}. "
            f"{row['note']}")
    note = write_case_note(_person(agency, _first_record(row)), author=_user(agency, row["officer"]), text=text)
    return f"case note {note.pk}"


_INTEL_PLACE = {"place": "address", "vehicle": "other"}


def intelligence(agency: str, row: dict) -> str:
    """police/intelligence.csv (naming no person): information shared about a place, vehicle or online group
    (a context referral, R05). A vehicle is kept as a place of kind "other" named by its registration."""
    user = _user(agency, row["source"])
    grading = (row.get("grading") or "").upper()
    reliability = "probable" if grading[:1] in {"A", "B"} else "unverified"
    common = {"user": user, "concern": row["text"], "how_known": "intelligence", "reliability": reliability,
              "observed_on": parse_day(row["recorded_at"]), "source_detail": f"{row['source']} ({grading})"}
    if row["subject_kind"] == "online_group":
        referral = refer(group_name=row["subject"], **common)
    else:
        referral = refer(place={"kind": _INTEL_PLACE.get(row["subject_kind"], "other"), "name": row["subject"],
                                "address": row["location_address"], "postcode": row["location_postcode"]}, **common)
    return f"context referral {referral.pk} ({referral.context})"


def asb_log(agency: str, row: dict) -> str:
    """housing/asb_log.csv: a neighbour's complaint about an address, shared as information about the place
    (a context referral); the housing officer's action is kept with it."""
    referral = refer(user=_user(agency, "housing officer"), concern=f"{row['text']} Action: {row['action']}",
                     how_known="reported_by_third_party", reliability="unverified",
                     observed_on=parse_day(row["logged_at"]), source_detail=row["complainant"],
                     place={"kind": "address", "name": "", "address": row["location_address"],
                            "postcode": row["location_postcode"]})
    return f"context referral {referral.pk} ({referral.context})"


ADAPTERS = {"case_note": case_note, "outcome": outcome, "intelligence": intelligence, "asb_log": asb_log}
