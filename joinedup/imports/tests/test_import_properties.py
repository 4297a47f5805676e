"""Property: importing any set of valid people rows twice changes nothing the second time."""

import csv
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from joinedup.agencies.models import Agency
from joinedup.imports.services import import_file
from joinedup.people.models import Person, SourceRecord

names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-' ", min_size=1, max_size=12).filter(str.strip)
people = st.lists(st.tuples(names, names, st.sampled_from(["child", "adult"]),
                                st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)).map(str)),
                  min_size=1, max_size=25)


class ReimportTests(TestCase):
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(people)
    def test_a_second_import_of_the_same_file_changes_nothing(self, rows):
        import tempfile
        from pathlib import Path

        agency, _ = Agency.objects.get_or_create(code="youth", defaults={"name": "Youth", "kind": "youth"})
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "people.csv"
            with path.open("w", newline="") as handle:
                out = csv.writer(handle)
                out.writerow(["record_id", "forename", "surname", "person_type", "date_of_birth"])
                for n, (forename, surname, kind, born) in enumerate(rows):
                    out.writerow([f"R{n}", forename, surname, kind, born])
            [first] = import_file(path, agency=agency)
            before = list(SourceRecord.objects.order_by("id").values()), Person.objects.count()
            [second] = import_file(path, agency=agency)
            assert first.created + first.updated + first.unchanged == len(rows)
            assert (second.created, second.updated, second.unchanged) == (0, 0, len(rows))
            assert (list(SourceRecord.objects.order_by("id").values()), Person.objects.count()) == before
