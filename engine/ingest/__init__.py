"""Read agency files into validated canonical rows.

Readers stream CSV, JSON Lines, FHIR R4 Bundles (Patient + Encounter) and SSDA903 Header/Missing
CSVs in constant memory. Every row comes back either clean or with errors that name the file, the
line (or FHIR entry) and the field.

Example:
    >>> from engine.ingest import open_source
    >>> source = open_source("police/people.csv")          # doctest: +SKIP
    >>> for row in source.rows():                          # doctest: +SKIP
    ...     print(row.line, row.values or row.errors)
"""

from engine.ingest.errors import FileError, RowError
from engine.ingest.formats import KINDS, FieldSpec, KindSpec, load_formats
from engine.ingest.rows import ParsedRow
from engine.ingest.sources import Source, open_source, rows_from_objects

__all__ = [
    "KINDS",
    "FieldSpec",
    "FileError",
    "KindSpec",
    "ParsedRow",
    "RowError",
    "Source",
    "load_formats",
    "open_source",
    "rows_from_objects",
]
