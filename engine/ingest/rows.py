"""Validate one raw row against its kind's format and return it clean, or with every error found."""

import hashlib
from dataclasses import dataclass, field

from engine.ingest.errors import RowError
from engine.ingest.formats import KindSpec
from engine.ingest.values import PARSERS

__all__ = ["ParsedRow", "RowValidator"]


@dataclass(slots=True)
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


class RowValidator:
    """Compiled validator for one kind of row from one file.

    Args:
        spec: the kind's format.
        file: the file name used in error messages.
        field_names: canonical name -> the name the source file uses (for SSDA903 and FHIR messages).
        optional: canonical fields that are required in general but not in this source (e.g. names in SSDA903).
        known_columns: True when the columns were already checked (a CSV header), so rows need not be.
    """

    def __init__(self, spec: KindSpec, file: str, field_names: dict | None = None, optional=frozenset(),
                 known_columns: bool = False):
        self.spec, self.file = spec, file
        self.names = field_names or {}
        self.known_columns = known_columns
        self.parsers = {f.name: self._parser(f) for f in spec.fields.values()}
        self.order = list(spec.fields)
        self.required_order = [f.name for f in spec.fields.values() if f.required and f.name not in optional]
        self.required = frozenset(self.required_order)
        self._vocabulary = None

    @property
    def vocabulary(self):
        if self._vocabulary is None:
            from engine.vocabulary import load_vocabulary

            self._vocabulary = load_vocabulary()
        return self._vocabulary

    def _parser(self, spec):
        """A function that turns one raw value of this field into its clean value, or raises ValueError."""
        text = PARSERS["str"]
        if spec.type == "enum":
            lookup = {v.lower(): v for v in spec.values}
            allowed = ", ".join(spec.values)

            def parse_enum(value):
                clean = text(value)
                try:
                    return lookup[clean.lower()]
                except KeyError:
                    raise ValueError(f"{clean!r} is not one of: {allowed}") from None

            return parse_enum
        if spec.type == "event_type":
            cache: dict = {}

            def parse_event_type(value):
                code = text(value)
                if code not in cache:
                    event_type = self.vocabulary.resolve_event_type(code)
                    cache[code] = event_type.code if event_type else None
                if cache[code] is None:
                    raise ValueError(f"{code!r} is not an event type in the vocabulary")
                return cache[code]

            return parse_event_type
        if spec.type == "association_type":
            def parse_association_type(value):
                code = text(value)
                if code not in self.vocabulary.association_types:
                    raise ValueError(f"{code!r} is not an association type in the vocabulary")
                return code

            return parse_association_type
        return PARSERS[spec.type]

    def reject(self, line, raw: dict, name: str, reason: str) -> ParsedRow:
        """A row that could not even be split into fields."""
        return ParsedRow(line, self.spec.name, raw, errors=(self.error(line, name, reason),))

    def error(self, line, name: str, reason: str) -> RowError:
        return RowError(self.file, line, self.names.get(name, name), reason)

    def __call__(self, line, raw: dict, extra: dict | None = None, errors: list | None = None) -> ParsedRow:
        errors = list(errors or ())
        values: dict = {}
        parsers = self.parsers
        for name, value in raw.items():
            parse = parsers.get(name)
            if parse is None:
                if not self.known_columns:
                    errors.append(self.error(line, name, f"is not a field of {self.spec.name} files"))
                continue
            if value.__class__ is str:
                if not value or value.isspace():
                    continue
            elif value is None or value == [] or value == {}:
                continue
            try:
                values[name] = parse(value)
            except ValueError as exc:
                errors.append(self.error(line, name, str(exc)))
        if not self.required.issubset(values.keys()):
            failed = {error.field for error in errors}
            for name in self.required_order:
                if name not in values and self.names.get(name, name) not in failed:
                    errors.append(self.error(line, name, "is required"))
        if not errors:
            errors.extend(self._check_row(line, values))
        if errors:
            return ParsedRow(line, self.spec.name, raw, errors=tuple(errors), extra=extra or {})
        canonical = repr([values.get(name) for name in self.order]).encode()
        digest = hashlib.md5(canonical, usedforsecurity=False).hexdigest()
        return ParsedRow(line, self.spec.name, raw, values=values, content_hash=digest, extra=extra or {})

    def _check_row(self, line, values: dict) -> list[RowError]:
        """Checks across fields: attributes against the event type, association targets, date order."""
        errors = []
        kind = self.spec.name
        if kind == "events":
            attributes = values.get("attributes")
            if attributes or self.vocabulary.event_types[values["event_type"]].attributes:
                event_type = self.vocabulary.event_types[values["event_type"]]
                for attr, reason in event_type.validate_attributes(attributes or {}):
                    errors.append(self.error(line, f"attributes.{attr}", reason))
        elif kind == "associations":
            errors.extend(self._check_association(line, values))
        else:
            for start, end in (("valid_from", "valid_to"), ("start_date", "end_date")):
                if start in values and end in values and values[end] < values[start]:
                    errors.append(self.error(line, end, f"is before {start}"))
        return errors

    def _check_association(self, line, values: dict) -> list[RowError]:
        if "valid_from" in values and "valid_to" in values and values["valid_to"] < values["valid_from"]:
            return [self.error(line, "valid_to", "is before valid_from")]
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
