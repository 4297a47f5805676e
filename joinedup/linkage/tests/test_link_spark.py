"""`joinedup link --engine spark` scores on Splink's Spark backend (local mode) and links as DuckDB does."""

import io

import pytest
from django.core.management import call_command

from joinedup.linkage.models import LinkRun, ReviewItem
from joinedup.people.models import SourceRecord

# One JVM for every Spark test: xdist sends the group to one worker (`--dist loadgroup`).
pytestmark = pytest.mark.xdist_group("spark")


@pytest.fixture
def partnership(db, tmp_path):
    out = tmp_path / "p"
    call_command("synth", children=120, seed=5, out=str(out))
    call_command("import_partnership", str(out))
    return out


def _persons():
    return dict(SourceRecord.objects.values_list("id", "person_id"))


def _queue():
    return sorted(ReviewItem.objects.values_list("record_a_id", "record_b_id", "reason"))


def test_link_on_spark_then_on_duckdb_moves_nothing(partnership):
    out = io.StringIO()
    call_command("link", "--train", "--engine", "spark", stdout=out)
    said = out.getvalue().splitlines()
    assert said[0].startswith("model: this partnership's own model, trained now") and said[1].startswith("linked ")
    on_spark = LinkRun.objects.order_by("id").last()
    assert on_spark.records_moved > 0 and on_spark.pairs > 0
    persons, queue = _persons(), _queue()

    call_command("link", "--engine", "duckdb", stdout=io.StringIO())
    on_duckdb = LinkRun.objects.order_by("id").last()
    assert on_duckdb.model_id == on_spark.model_id  # the same stored model, scored on the other backend
    assert (on_duckdb.pairs, on_duckdb.review_items) == (on_spark.pairs, on_spark.review_items)
    assert on_duckdb.records_moved == 0
    assert _persons() == persons
    assert _queue() == queue


def test_link_refuses_an_unknown_engine(partnership):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="engine"):
        call_command("link", "--engine", "hadoop")
