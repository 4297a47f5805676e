"""Validate one raw row against its kind's format and return it clean, or with every error found."""

import hashlib
import json
from dataclasses import dataclass, field

from engine.ingest.errors import RowError
from engine.ingest.formats import KindSpec
from engine.ingest.values import PARSERS

__all__ = ["ParsedRow", "RowValidator"]


@dataclass(frozen=True)
class ParsedRow:
    """A row read from a file: clean `values` when valid, otherwise `errors`."""

    line: int | str
    kind: str
    raw: dict
    values: dict | None = None
    errors: tuple[RowError, ...] = ()
    content_hash: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def key(self) -> str | None:
        return (self.values or {}).get(_KEYS[self.kind])


_KEYS = {"people": "record_id", "events": "event_id", "associations": "association_id", "households": "membership_id"}
_LOCATION_FIELDS = ("location_id", "location_name", "location_address", "location_postcode")


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == [] or value == {}


class RowValidator:
    """Compiled validator for one kind of row from one file.

    Args:
        spec: the kind's format.
        file: the file name used in error messages.
        field_names: canonical name -> the name the source file uses (for SSDA903 and FHIR messages).
        optional: canonical fields that are required in general but not in this source (e.g. names in SSDA903).
    """

    def __init__(self, spec: KindSpec, file: str, field_names: dict | None = None, optional=frozenset()):
        self.spec, self.file = spec, file
        self.names = field_names or {}
        self.fields = [
            (f.name, PARSERS.get(f.type), f.type, f.required and f.name not in optional, f.values)
            for f in spec.fields.values()
        ]
        self.enum_lookup = {
            f.name: {v.lower(): v for v in f.values} for f in spec.fields.values() if f.type == "enum"
        }
        self._vocabulary = None

    @property
    def vocabulary(self):
        if self._vocabulary is None:
            from engine.vocabulary import load_vocabulary

            self._vocabulary = load_vocabulary()
        return self._vocabulary

    def reject(self, line, raw: dict, name: str, reason: str) -> ParsedRow:
        """A row that could not even be split into fields."""
        return ParsedRow(line, self.spec.name, raw, errors=(self.error(line, name, reason),))

    def error(self, line, name: str, reason: str) -> RowError:
        return RowError(self.file, line, self.names.get(name, name), reason)

    def __call__(self, line, raw: dict, extra: dict | None = None, errors: list | None = None) -> ParsedRow:
        errors = list(errors or ())
        values: dict = {}
        unknown = set(raw) - set(self.spec.fields)
        for name in sorted(unknown):
            errors.append(self.error(line, name, f"is not a field of {self.spec.name} files"))
        for name, parser, type_, required, _ in self.fields:
            value = raw.get(name)
            if _blank(value):
                if required:
                    errors.append(self.error(line, name, "is required"))
                continue
            try:
                values[name] = self._parse(name, parser, type_, value)
            except ValueError as exc:
                errors.append(self.error(line, name, str(exc)))
        if not errors:
            errors.extend(self._check_row(line, values))
        if errors:
            return ParsedRow(line, self.spec.name, raw, errors=tuple(errors), extra=extra or {})
        digest = hashlib.md5(json.dumps(values, sort_keys=True, default=str).encode(), usedforsecurity=False)
        return ParsedRow(line, self.spec.name, raw, values=values, content_hash=digest.hexdigest(), extra=extra or {})

    def _parse(self, name, parser, type_, value):
        if type_ == "enum":
            text = PARSERS["str"](value)
            try:
                return self.enum_lookup[name][text.lower()]
            except KeyError:
                allowed = ", ".join(self.spec.fields[name].values)
                raise ValueError(f"{text!r} is not one of: {allowed}") from None
        if type_ == "event_type":
            code = PARSERS["str"](value)
            event_type = self.vocabulary.resolve_event_type(code)
            if event_type is None:
                raise ValueError(f"{code!r} is not an event type in the vocabulary")
            return event_type.code
        if type_ == "association_type":
            code = PARSERS["str"](value)
            if code not in self.vocabulary.association_types:
                raise ValueError(f"{code!r} is not an association type in the vocabulary")
            return code
        return parser(value)

    def _check_row(self, line, values: dict) -> list[RowError]:
        """Checks across fields: attributes against the event type, association targets, date order."""
        errors = []
        if self.spec.name == "events":
            event_type = self.vocabulary.event_types[values["event_type"]]
            for attr, reason in event_type.validate_attributes(values.get("attributes", {})):
                errors.append(self.error(line, f"attributes.{attr}", reason))
        if self.spec.name == "associations":
            errors.extend(self._check_association(line, values))
        for start, end in (("valid_from", "valid_to"), ("start_date", "end_date")):
            if start in values and end in values and values[end] < values[start]:
                errors.append(self.error(line, end, f"is before {start}"))
        return errors

    def _check_association(self, line, values: dict) -> list[RowError]:
        targets = {
            "person": "other_record_id" in values,
            "location": any(name in values for name in _LOCATION_FIELDS),
            "group": "group_name" in values,
        }
        given = [target for target, present in targets.items() if present]
        if len(given) != 1:
            return [self.error(line, "other_record_id", "give exactly one of other_record_id, location_* or group_name")]
        expected = self.vocabulary.association_types[values["association_type"]].target
        if given[0] != expected:
            return [self.error(line, "association_type", f"links a person to a {expected}, not a {given[0]}")]
        return []
