"""Render docs/import-formats.md from formats.yaml so the documentation cannot drift from the code."""

from engine.ingest.formats import load_formats

__all__ = ["render_formats_markdown"]

_INTRO = """# Import formats

<!-- Generated from engine/ingest/formats.yaml by `python -m engine.ingest.docs`; a test fails if it is stale. -->

Every agency sends the same four kinds of file, as **CSV** (a header row, then one row per record) or
**JSON Lines** (one JSON object per line, the same field names). Health may also send a **FHIR R4
Bundle** of Patient and Encounter resources, and children's social care its **SSDA903** Header and
Missing CSVs. Import a file with:

    joinedup import PATH --agency CODE [--kind people|events|associations|households] [--skip-invalid]

- The kind of a CSV or JSON Lines file is taken from its key column (`record_id`, `event_id`,
  `association_id`, `membership_id`) unless `--kind` is given. Unknown columns are refused.
- **All or nothing.** By default a file with any invalid row imports nothing, and every bad row is
  reported as `file, line N, field F: reason`. `--skip-invalid` imports the valid rows and writes the
  rejects, with their reasons, to `PATH.rejects.csv` (or `--rejects FILE`).
- **Idempotent.** Rows are keyed on the agency and the row's own id. Re-importing a file changes
  nothing; a row whose content changed updates the stored record in place. A key repeated inside one
  file is an error.
- **Order.** Import people before the events, associations and households that refer to them.
- **Streaming.** Files are read in constant memory and loaded in chunks inside one transaction, so a
  killed import leaves nothing behind.
- **API.** An agency system account can push the same rows to `POST /api/imports/{kind}/` as
  `{"rows": [...], "skip_invalid": false}` (token authentication); validation is identical.

Examples of every format are in [`docs/examples/`](examples/).

Field types: `str` text; `date` `YYYY-MM-DD` (or `DD/MM/YYYY`); `datetime` ISO 8601 such as
`2025-03-01T22:10` (a bare date means the time is not known); `enum` one of the listed values;
`nhs_number` 10 digits with a valid modulus-11 check digit; `upn` a letter, 11 digits, then a digit
or letter; `postcode` a UK postcode; `list` `;`-separated in CSV, an array in JSON Lines; `json` a
JSON object (in CSV, a JSON string); `bool` `Y`/`N`; `event_type` a code (or national-code alias)
from [the vocabulary](vocabulary.md); `association_type` a code from the association vocabulary.
"""

_OTHER = """
## FHIR R4 Bundle (health)

A `Bundle` (any `type`) whose entries are `Patient` and `Encounter` resources, streamed entry by entry.
Errors name the entry, e.g. `bundle.json, line entry 12 (Encounter/enc-9), field Encounter.period.start`.

| FHIR element | becomes |
|---|---|
| `Patient.id` | `record_id` |
| `Patient.identifier` with system `https://fhir.nhs.uk/Id/nhs-number` | `nhs_number` |
| `Patient.name` (the `official` one): `given[0]`, further `given`, `family` | `forename`, `middle_names`, `surname` |
| `Patient.gender` female / male / other / unknown | `sex` F / M / U / U |
| `Patient.birthDate`, `Patient.address[0].line`, `.postalCode` | `date_of_birth`, `address`, `postcode` |
| `Patient.meta.tag` system `https://joinedup.org.uk/fhir/person-type` | `person_type` (else from age at import) |
| `Encounter.id`, `Encounter.subject` (`Patient/<id>`), `Encounter.period.start` | `event_id`, `record_ids`, `occurred_at` |
| `Encounter.type.coding` system `https://joinedup.org.uk/fhir/CodeSystem/event-type` | `event_type` (else `class` EMER → `health.ae_attendance`) |
| `Encounter.reasonCode[0].text`, `participant[0]` display and type text, `location[0]` display | `note`, `author`, `author_role`, `location_name` |
| extension `https://joinedup.org.uk/fhir/StructureDefinition/event-attributes` (`valueString` JSON) | `attributes` |

## SSDA903 Header and Missing (children's social care)

Detected by a `CHILD` column. Dates are `DD/MM/YYYY`. `CHILD` (the local authority child id) becomes
the `record_id` and `la_child_id`.

- **Header** (`CHILD, SEX, DOB, ETHNIC, UPN, MOTHER, MC_DOB`): a people record per child; `SEX` 1 male,
  2 female. Header rows carry no names, so names are not required here. `ETHNIC`, `MOTHER` and
  `MC_DOB` are read and not stored.
- **Missing** (`CHILD, DOB, MISSING, MIS_START, MIS_END`): a `csc.missing_episode` event per row, with
  `missing_type` M (missing) or A (away from placement without authorisation) and `ended_at` from
  `MIS_END`; its `event_id` is `903M-<CHILD>-<MIS_START>`.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_formats_markdown() -> str:
    parts = [_INTRO]
    for kind in load_formats().values():
        parts.append(f"\n## `{kind.name}` files\n\n{kind.description} Key: `{kind.key}`.\n")
        parts.append("| field | type | required | notes |\n|---|---|---|---|")
        for spec in kind.fields.values():
            type_ = spec.type + (f" ({', '.join(spec.values)})" if spec.values else "")
            parts.append(f"| `{spec.name}` | {_cell(type_)} | {'yes' if spec.required else ''} | {_cell(spec.doc)} |")
    parts.append(_OTHER)
    return "\n".join(parts).rstrip() + "\n"


if __name__ == "__main__":
    print(render_formats_markdown(), end="")
