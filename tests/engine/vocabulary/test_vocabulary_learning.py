"""Every type cites seed learning, and the cited lines exist in the seed texts."""

from __future__ import annotations

from engine.vocabulary import Citation

SEED_FILES = {"000", "001", "002", "003", "004"}


def _all_types(voc):
    yield from voc.event_types.values()
    yield from voc.association_types.values()


def test_every_type_cites_seed_learning(voc):
    for t in _all_types(voc):
        assert t.learning, f"{t.code} has no learning citation"
        for cite in t.learning:
            assert isinstance(cite, Citation)
            assert cite.file in SEED_FILES, f"{t.code}: {cite}"
            assert cite.section.strip() and cite.note.strip(), f"{t.code}: {cite}"


def test_cited_lines_exist_in_the_seed_files(voc, seed_lines):
    assert set(seed_lines) == SEED_FILES
    for t in _all_types(voc):
        for cite in t.learning:
            if cite.line_range is None:
                continue
            first, last = cite.line_range
            lines = seed_lines[cite.file]
            assert 1 <= first <= last <= len(lines), f"{t.code}: {cite} beyond {len(lines)} lines"
            cited = " ".join(lines[first - 1:last]).strip()
            assert cited, f"{t.code}: {cite} points at blank lines"


def test_key_citations_point_at_the_words_they_summarise(voc, seed_lines):
    def text(code, index):
        cite = voc.event_types[code].learning[index]
        first, last = cite.line_range
        return " ".join(seed_lines[cite.file][first - 1:last]).lower()

    assert "was" in text("appointment.was_not_brought", 0) and "brought" in text(
        "appointment.was_not_brought", 0)
    assert "retracted allegations" in text("child.retraction", 0)
    assert "dvpo" in text("police.dvpo", 0)
    assert "self-harm" in text("health.self_harm_presentation", 0)
    assert "home" in text("school.elective_home_education", 0)


def test_a_citation_prints_as_file_section_and_lines():
    assert str(Citation("004", "§4.2", "1076-1121", "note")) == "004 §4.2 L1076-1121"
    assert str(Citation("000", "Dealing with uncertainty", "404", "n")) == (
        "000 Dealing with uncertainty L404")
    assert Citation("000", "s", "404", "n").line_range == (404, 404)
    assert Citation("000", "s", "", "n").line_range is None
