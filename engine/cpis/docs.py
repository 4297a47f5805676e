"""Render docs/cpis-format.md from formats.yaml so the documentation cannot drift from the code."""

from engine.cpis.files import load_cpis_formats

__all__ = ["render_cpis_markdown"]

_INTRO = """# CP-IS files

<!-- Generated from engine/cpis/formats.yaml by `python -m engine.cpis.docs`; a test fails if it is stale. -->

Child Protection - Information Sharing (CP-IS, NHS England) shows unscheduled-care settings that a child is on
a child protection plan (including an unborn child protection plan, flagged on the pregnant woman) or looked
after, now or in the last 12 months, with the responsible local authority's contact numbers; and tells the
local authority each time a setting opens the child's information. JoinedUp reads and writes the same data set
as CSV ([statutory flows](statutory.md), section 2):

    joinedup cpis import PATH --kind plans|accesses      # all or nothing; every bad row reported
    joinedup cpis export PATH                             # the partnership's plans, for upload to CP-IS

or from the CP-IS page (`/cpis/`). As with every import (see [import formats](import-formats.md)): a header
row, then one row per record; unknown columns are refused; a file with any invalid row imports nothing and
every problem is reported as `file, line N, field F: reason`; re-importing a file changes nothing (rows are
keyed as below; a changed row updates the stored one). Dates are `YYYY-MM-DD` (or `DD/MM/YYYY`), date-times
ISO 8601 (`2026-12-05T23:10`), NHS numbers 10 digits with a valid modulus-11 check digit. An exported cell a
spreadsheet would read as a formula starts with `'`.
"""


def _table(kind: str) -> list[str]:
    spec = load_cpis_formats().files[kind]
    lines = [f"Key: {', '.join(f'`{k}`' for k in spec.key)}.", "",
             "| field | type | required | CP-IS element | notes |", "|---|---|---|---|---|"]
    for f in spec.fields:
        kind = f"{f.type} (at most {f.max} characters)" if f.max else f.type
        lines.append(f"| `{f.name}` | {kind} | {'yes' if f.required else ''} | {f.cpis} | {f.doc} |")
    return lines


def render_cpis_markdown() -> str:
    formats = load_cpis_formats()
    out = [_INTRO.rstrip(), "", "## Plan types", "", "| code | meaning |", "|---|---|"]
    out += [f"| `{code}` | {label} |" for code, label in formats.plan_types.items()]
    out += ["", "## Unscheduled-care settings", "", "| code | setting |", "|---|---|"]
    out += [f"| `{code}` | {label} |" for code, label in formats.settings.items()]
    out += ["", "## `plans` files (the local authority's upload)", "",
            "One row per plan or episode of care, current or ended within the last 12 months.", ""]
    out += _table("plans")
    out += ["", "## `accesses` files (access notifications from CP-IS)", "",
            "One row per time an unscheduled-care setting opened the child's CP-IS information. Each becomes an "
            "attendance on the child's CP-IS panel and an item in the allocated social worker's inbox.", ""]
    out += _table("accesses")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(render_cpis_markdown(), end="")
