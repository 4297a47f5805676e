from engine.ingest import open_source
from engine.ingest.background import rows_in_background


def test_background_reading_gives_exactly_the_rows_of_direct_reading(tmp_path):
    path = tmp_path / "events.csv"
    lines = ["event_id,record_ids,occurred_at,event_type,note"]
    lines += [f"E{n},P1,2025-01-0{1 + n % 9},youth.concern,note {n}" for n in range(2500)]
    lines.append("E-bad,P1,not-a-date,youth.concern,broken")
    path.write_text("\n".join(lines) + "\n")
    source = open_source(path)
    direct = [(r.line, r.values, r.errors, r.content_hash) for r in source.rows()]
    background = [(r.line, r.values, r.errors, r.content_hash) for r in rows_in_background(source, "events")]
    assert background == direct and len(direct) == 2501 and direct[-1][2]
