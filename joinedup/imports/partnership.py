"""Import a whole partnership directory (as `joinedup synth` writes it): agencies, then each agency's files."""

from pathlib import Path

import yaml

from joinedup.agencies.models import Agency
from joinedup.imports.services import ImportReport, import_file

__all__ = ["create_agencies", "import_partnership", "partnership_files"]

# People before anything that refers to them; SSDA903 Missing after the Header it refers to.
_ORDER = ("people.csv", "people.jsonl", "bundle.json", "ssda903_header.csv", "households.csv", "households.jsonl",
          "associations.csv", "associations.jsonl", "events.csv", "events.jsonl", "ssda903_missing.csv")


def partnership_files(directory: Path) -> list[tuple[str, Path]]:
    """(agency code, file) pairs in the order they must be imported."""
    agencies = yaml.safe_load((directory / "agencies.yaml").read_text())
    pairs = []
    for agency in agencies:
        folder = directory / agency["code"]
        pairs += [(agency["code"], folder / name) for name in _ORDER if (folder / name).is_file()]
    return pairs


def create_agencies(directory) -> None:
    """Create (or update) the agencies a partnership directory's agencies.yaml lists."""
    for agency in yaml.safe_load((Path(directory) / "agencies.yaml").read_text()):
        Agency.objects.update_or_create(code=agency["code"], defaults={"name": agency["name"], "kind": agency["kind"]})


def import_partnership(directory, progress_factory=None) -> list[ImportReport]:
    """Create the agencies in agencies.yaml and import every file; each file is its own atomic batch."""
    directory = Path(directory)
    create_agencies(directory)
    reports = []
    for code, path in partnership_files(directory):
        agency = Agency.objects.get(code=code)
        if progress_factory is None:
            reports += import_file(path, agency=agency)
        else:
            with progress_factory(path) as progress:
                reports += import_file(path, agency=agency, progress=progress)
    return reports
