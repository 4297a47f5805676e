"""Labels use the language safeguarding guidance recommends; nothing scores a child."""

from __future__ import annotations

import re

import pytest

from engine.vocabulary import VocabularyError
from engine.vocabulary.build import build_vocabulary

AVOIDED_TERMS = ("did not attend", "promiscuous", "putting herself at risk", "prostitut")
SCORE_LIKE = re.compile(r"score|rating|risk|band|level|(^|_)(rag|grade|tier)($|_)")


def test_labels_avoid_victim_blaming_and_did_not_attend(voc):
    labels = [et.label for et in voc.event_types.values()]
    labels += [at.label for at in voc.association_types.values()]
    for label in labels:
        for term in AVOIDED_TERMS:
            assert term not in label.lower(), f"{label!r} uses {term!r}"


def test_descriptions_avoid_victim_blaming_terms(voc):
    texts = [et.description for et in voc.event_types.values()]
    texts += [at.description for at in voc.association_types.values()]
    for text in texts:
        for term in AVOIDED_TERMS:
            assert term not in text.lower(), f"{text!r} uses {term!r}"


def test_no_attribute_anywhere_is_named_like_a_score_or_risk_level(voc):
    for et in voc.event_types.values():
        for name in et.attributes:
            assert not SCORE_LIKE.search(name), f"{et.code}.{name}"


def test_a_child_not_brought_is_labelled_was_not_brought(voc):
    assert voc.event_types["appointment.was_not_brought"].label == "Was not brought to appointment"
    assert voc.resolve_event_type("DNA").code == "appointment.was_not_brought"


def test_loading_refuses_a_score_like_attribute(raw_docs):
    events, associations = raw_docs
    events["event_types"][0]["attributes"]["risk_level"] = {"type": "enum", "values": ["high"]}
    with pytest.raises(VocabularyError, match=r"csc.contact: attribute 'risk_level'.*score"):
        build_vocabulary(events, associations)


def test_loading_refuses_a_victim_blaming_label(raw_docs):
    events, associations = raw_docs
    events["event_types"][0]["label"] = "Child putting herself at risk"
    with pytest.raises(VocabularyError, match="csc.contact label: uses the term"):
        build_vocabulary(events, associations)
