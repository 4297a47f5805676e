"""Errors that say exactly where the problem is: file, line, field and reason."""

from dataclasses import dataclass

__all__ = ["FileError", "RowError"]


@dataclass(frozen=True)
class RowError:
    """One problem with one field of one row."""

    file: str
    line: int | str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}, field {self.field}: {self.reason}"


class FileError(ValueError):
    """The file as a whole cannot be read (unknown format, missing or unknown columns)."""

    def __init__(self, file: str, reason: str, field: str = ""):
        self.file, self.reason, self.field = file, reason, field
        where = f", field {field}" if field else ""
        super().__init__(f"{file}{where}: {reason}")
