"""FHIR R4 Bundles of Patient and Encounter resources, streamed entry by entry.

Patient -> people (NHS number from identifier system https://fhir.nhs.uk/Id/nhs-number);
Encounter -> events. The event type comes from Encounter.type coded in JoinedUp's event-type code
system, or, failing that, from Encounter.class (EMER -> health.ae_attendance).
"""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from engine.ingest.errors import FileError
from engine.ingest.formats import load_formats
from engine.ingest.rows import ParsedRow, RowValidator

__all__ = ["open_fhir_bundle"]

NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
EVENT_TYPE_SYSTEM = "https://joinedup.org.uk/fhir/CodeSystem/event-type"
PERSON_TYPE_SYSTEM = "https://joinedup.org.uk/fhir/person-type"
ATTRIBUTES_EXTENSION = "https://joinedup.org.uk/fhir/StructureDefinition/event-attributes"
CLASS_EVENT_TYPES = {"EMER": "health.ae_attendance"}
_GENDER = {"female": "F", "male": "M", "other": "U", "unknown": "U"}
_PATIENT_NAMES = {
    "record_id": "Patient.id", "nhs_number": "Patient.identifier", "forename": "Patient.name.given",
    "surname": "Patient.name.family", "date_of_birth": "Patient.birthDate", "sex": "Patient.gender",
    "postcode": "Patient.address.postalCode", "person_type": "Patient.meta.tag",
}
_ENCOUNTER_NAMES = {
    "event_id": "Encounter.id", "record_ids": "Encounter.subject", "occurred_at": "Encounter.period.start",
    "event_type": "Encounter.type", "attributes": "Encounter.extension",
}


def open_fhir_bundle(path: Path):
    import ijson

    from engine.ingest.sources import Source

    try:
        with path.open("rb") as handle:
            resource_type = next(ijson.items(handle, "resourceType"), None)
    except ijson.JSONError as exc:
        raise FileError(path.name, f"is not valid JSON ({exc})") from None
    if resource_type != "Bundle":
        raise FileError(path.name, "is not a FHIR Bundle (resourceType must be 'Bundle')", field="resourceType")
    return Source(path, "fhir", ("people", "events"), _read_bundle)


def _entries(path: Path, resource_type: str) -> Iterator[tuple[str, dict]]:
    import ijson

    with path.open("rb") as handle:
        for index, entry in enumerate(ijson.items(handle, "entry.item", use_float=True)):
            resource = entry.get("resource") if isinstance(entry, dict) else None
            if isinstance(resource, dict) and resource.get("resourceType") == resource_type:
                yield f"entry {index} ({resource_type}/{resource.get('id', '?')})", resource


def _read_bundle(source, kind: str) -> Iterator[ParsedRow]:
    if kind == "people":
        validate = RowValidator(load_formats()["people"], source.file, field_names=_PATIENT_NAMES)
        for line, patient in _entries(source.path, "Patient"):
            yield validate(line, _patient_row(patient))
    else:
        validate = RowValidator(load_formats()["events"], source.file, field_names=_ENCOUNTER_NAMES)
        for line, encounter in _entries(source.path, "Encounter"):
            yield validate(line, _encounter_row(encounter))


def _first(items) -> dict:
    return items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else {}


def _patient_row(patient: dict) -> dict:
    name = next((n for n in patient.get("name", []) if n.get("use") == "official"), _first(patient.get("name")))
    given = name.get("given") or []
    address = _first(patient.get("address"))
    nhs = next((i.get("value") for i in patient.get("identifier", []) if i.get("system") == NHS_NUMBER_SYSTEM), None)
    tag = next((t.get("code") for t in patient.get("meta", {}).get("tag", []) if t.get("system") == PERSON_TYPE_SYSTEM), None)
    return {
        "record_id": patient.get("id"),
        "person_type": tag or _person_type_from_birth_date(patient.get("birthDate")),
        "forename": given[0] if given else None,
        "middle_names": " ".join(given[1:]) or None,
        "surname": name.get("family"),
        "date_of_birth": patient.get("birthDate"),
        "sex": _GENDER.get(patient.get("gender"), patient.get("gender")),
        "address": ", ".join(address.get("line", [])) or None,
        "postcode": address.get("postalCode"),
        "nhs_number": nhs,
    }


def _person_type_from_birth_date(birth_date) -> str | None:
    try:
        born = date.fromisoformat(birth_date)
    except (TypeError, ValueError):
        return None
    today = date.today()
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return "child" if age < 18 else "adult"


def _encounter_row(encounter: dict) -> dict:
    coding = [c for t in encounter.get("type", []) for c in t.get("coding", [])]
    event_type = next((c.get("code") for c in coding if c.get("system") == EVENT_TYPE_SYSTEM), None)
    event_type = event_type or CLASS_EVENT_TYPES.get((encounter.get("class") or {}).get("code"))
    reference = (encounter.get("subject") or {}).get("reference", "")
    participant = _first(encounter.get("participant"))
    attributes = next(
        (e.get("valueString") for e in encounter.get("extension", []) if e.get("url") == ATTRIBUTES_EXTENSION), None
    )
    return {
        "event_id": encounter.get("id"),
        "record_ids": [reference.removeprefix("Patient/")] if reference.startswith("Patient/") else None,
        "occurred_at": (encounter.get("period") or {}).get("start"),
        "event_type": event_type,
        "note": _first(encounter.get("reasonCode")).get("text"),
        "author": (participant.get("individual") or {}).get("display"),
        "author_role": _first(participant.get("type")).get("text"),
        "location_name": (_first(encounter.get("location")).get("location") or {}).get("display"),
        "attributes": attributes,
        "information_source": "first_hand",
    }
