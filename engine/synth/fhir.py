"""FHIR R4 Patient and Encounter resources for the health agency's bundle."""

from __future__ import annotations

import json

from engine.synth.model import Event

NHS_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
PERSON_TYPE = "https://joinedup.org.uk/fhir/person-type"
EVENT_TYPE = "https://joinedup.org.uk/fhir/CodeSystem/event-type"
ATTRS_EXT = "https://joinedup.org.uk/fhir/StructureDefinition/event-attributes"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
BASE = "https://fhir.northshire-hospitals.example/"
GENDER = {"F": "female", "M": "male", "U": "unknown"}
EMERGENCY = {"health.ae_attendance", "health.self_harm_presentation", "health.overdose_presentation",
             "health.injury", "health.suicidal_ideation"}
INPATIENT = {"health.birth"}
LABELS = {
    "health.ae_attendance": "Emergency department attendance", "health.birth": "Birth",
    "health.sexual_health_attendance": "Sexual health clinic attendance", "health.camhs_referral": "CAMHS referral",
    "health.camhs_attendance": "CAMHS attendance", "health.self_harm_presentation": "Self-harm presentation",
    "health.overdose_presentation": "Overdose presentation", "health.suicidal_ideation": "Suicidal ideation",
    "health.maternity_booking": "Maternity booking", "health.pregnancy": "Pregnancy",
    "health.substance_misuse_treatment": "Substance misuse treatment", "health.injury": "Injury",
    "appointment.attended": "Appointment attended", "appointment.was_not_brought": "Was not brought",
    "appointment.not_attended": "Appointment not attended", "appointment.cancelled": "Appointment cancelled",
    "appointment.rescheduled": "Appointment rescheduled", "child.disclosure": "Disclosure",
    "child.retraction": "Retraction", "safeguarding.concern": "Safeguarding concern",
}


def patient(row: list) -> dict:
    """row is a people row in formats.yaml column order."""
    (record_id, person_type, forename, middle, surname, _former, dob, sex, address, postcode, nhs,
     *_rest) = row
    res: dict = {"resourceType": "Patient", "id": record_id,
                 "meta": {"tag": [{"system": PERSON_TYPE, "code": person_type}]}}
    if nhs:
        res["identifier"] = [{"system": NHS_SYSTEM, "value": nhs.replace(" ", "")}]
    res["name"] = [{"use": "official", "family": surname, "given": [forename, *middle.split()]}]
    res["gender"] = GENDER[sex]
    if dob:
        res["birthDate"] = dob
    if address or postcode:
        addr: dict = {}
        if address:
            addr["line"] = [part.strip() for part in address.split(",")]
        if postcode:
            addr["postalCode"] = postcode
        res["address"] = [addr]
    return res


_ENC = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
_ATTR_ENC = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_str = json.encoder.encode_basestring  # JSON string literal (C implementation), non-ASCII kept


_attr_cache: dict = {}


def attrs_json(attrs: dict) -> str:
    """Sorted, compact JSON for an attributes object, memoised for the common repeated values."""
    try:
        key = tuple(attrs.items())
        text = _attr_cache.get(key)
    except TypeError:  # unhashable (list) values
        return _ATTR_ENC.encode(attrs)
    if text is None:
        text = _ATTR_ENC.encode(attrs)
        if len(_attr_cache) < 20_000:
            _attr_cache[key] = text
    return text


def encounter_entry(event_id: str, record_id: str, ev: Event, author: str, role: str) -> str:
    """The bundle entry for an Encounter, as JSON text (hand-assembled: this is the hot path)."""
    status = "cancelled" if ev.etype == "appointment.cancelled" else "finished"
    cls = "EMER" if ev.etype in EMERGENCY else ("IMP" if ev.etype in INPATIENT else "AMB")
    parts = [
        f'{{"fullUrl":"{BASE}Encounter/{event_id}","resource":{{"resourceType":"Encounter","id":"{event_id}",'
        f'"status":"{status}","class":{{"system":"{ACT_CODE}","code":"{cls}"}},'
        f'"type":[{{"coding":[{{"system":"{EVENT_TYPE}","code":"{ev.etype}"}}],'
        f'"text":{_str(LABELS.get(ev.etype, ev.etype))}}}],'
        f'"subject":{{"reference":"Patient/{record_id}"}},'
        f'"period":{{"start":"{ev.at.isoformat(timespec="seconds")}"}}'
    ]
    if ev.note:
        parts.append(f',"reasonCode":[{{"text":{_str(ev.note)}}}]')
    if author:
        parts.append(f',"participant":[{{"individual":{{"display":{_str(author)}}},"type":[{{"text":{_str(role)}}}]}}]')
    if ev.attrs:
        parts.append(f',"extension":[{{"url":"{ATTRS_EXT}","valueString":{_str(attrs_json(ev.attrs))}}}]')
    parts.append("}}")
    return "".join(parts)


def encounter(event_id: str, record_id: str, ev: Event, author: str, role: str) -> dict:
    """The Encounter resource as a dict (reference form of encounter_entry)."""
    status = "cancelled" if ev.etype == "appointment.cancelled" else "finished"
    cls = "EMER" if ev.etype in EMERGENCY else ("IMP" if ev.etype in INPATIENT else "AMB")
    res: dict = {
        "resourceType": "Encounter", "id": event_id, "status": status,
        "class": {"system": ACT_CODE, "code": cls},
        "type": [{"coding": [{"system": EVENT_TYPE, "code": ev.etype}], "text": LABELS.get(ev.etype, ev.etype)}],
        "subject": {"reference": f"Patient/{record_id}"},
        "period": {"start": ev.at.isoformat(timespec="seconds")},
    }
    if ev.note:
        res["reasonCode"] = [{"text": ev.note}]
    if author:
        res["participant"] = [{"individual": {"display": author}, "type": [{"text": role}]}]
    if ev.attrs:
        res["extension"] = [{"url": ATTRS_EXT, "valueString": attrs_json(ev.attrs)}]
    return res


def entry(resource: dict) -> str:
    url = f"{BASE}{resource['resourceType']}/{resource['id']}"
    return _ENC.encode({"fullUrl": url, "resource": resource})
