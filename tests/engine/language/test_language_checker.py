"""check_text and check_many: terms, inflections, offsets, conditions, quotations and mentions."""

from __future__ import annotations

import pytest

from engine.language import Finding, NoteContext, check_many, check_text


def ids(text: str, context: NoteContext | None = None) -> list[str]:
    return [f.rule_id for f in check_text(text, context)]


# ------------------------------------------------------------------ findings and offsets

def test_a_finding_carries_the_rule_explanation_and_offsets_into_the_text():
    text = "Recorded at 14:00. She is putting herself at risk by staying out."
    [finding] = check_text(text)
    assert isinstance(finding, Finding)
    assert finding.rule_id == "L01" and finding.term == "putting themselves at risk"
    assert text[finding.start:finding.end] == finding.matched_text == "putting herself at risk"
    assert finding.why and finding.alternatives and finding.source.startswith("PG #1")
    assert isinstance(finding.alternatives, tuple)


def test_findings_are_ordered_by_position_and_keep_the_original_spelling():
    text = "He Keeps Going Missing. Outcome recorded as DNA."
    findings = check_text(text, NoteContext(child_age=5))
    assert [f.rule_id for f in findings] == ["L21", "L42"]
    assert [f.matched_text for f in findings] == ["Keeps Going Missing", "DNA"]
    assert all(text[f.start:f.end] == f.matched_text for f in findings)


def test_curly_apostrophes_and_line_breaks_keep_offsets_exact():
    text = "Visit note\n\nChild didn’t attend the clinic.\nMother’s phone was off."
    [finding] = check_text(text)
    assert finding.rule_id == "L42"
    assert text[finding.start:finding.end] == "didn’t attend"


def test_empty_and_clean_text_have_no_findings():
    assert check_text("") == []
    assert check_text("Child seen alone at school; no concerns raised.") == []


# ------------------------------------------------------------------ inflections

@pytest.mark.parametrize("text", [
    "She put herself at risk.", "She is putting herself at risk.", "He puts himself at risk.",
    "They are putting themselves at risk.", "She placed herself at risk.", "He places himself at serious risk.",
])
def test_putting_themselves_at_risk_is_found_in_every_inflection(text):
    assert ids(text) == ["L01"]


@pytest.mark.parametrize("text, rule", [
    ("She chose to go with the men.", "L03"), ("She chooses to stay out late.", "L03"),
    ("He keeps going missing.", "L21"), ("He kept going missing.", "L21"), ("She went missing.", "L21"),
    ("She is exchanging sex for drugs.", "L10"), ("She exchanged sex for drugs.", "L10"),
    ("The boyfriends are 30 and 32.", "L11"), ("He is recruiting other children.", "L14"),
    ("She has been contacting adults.", "L31"), ("She contacted adults on the app.", "L31"),
    ("Risk-taking behaviours noted.", "L24"), ("Her risky behaviour continues.", "L24"),
])
def test_inflected_forms_are_found(text, rule):
    assert rule in ids(text)


# ------------------------------------------------------------------ conditions: age

def test_sexually_active_is_flagged_for_a_12_year_old():
    assert ids("She is sexually active.", NoteContext(child_age=12)) == ["L05"]
    assert ids("Keira, aged 12, is sexually active.") == ["L05"]
    assert ids("The 12-year-old girl is sexually active.") == ["L05"]


def test_sexually_active_is_not_flagged_for_a_16_year_old_with_a_peer():
    assert ids("She is sexually active.", NoteContext(child_age=16, other_party_ages=(16,))) == []
    assert ids("She is 16 and sexually active; contraception discussed.") == []


def test_sexually_active_is_flagged_for_a_16_year_old_with_an_adult():
    assert ids("She is sexually active.", NoteContext(child_age=16, other_party_ages=(35,))) == ["L05"]
    assert ids("She is 16 and sexually active with a 35-year-old man.") == ["L05"]


def test_sexually_active_is_flagged_for_13_to_15_and_when_the_age_is_unknown():
    assert ids("She is sexually active.", NoteContext(child_age=14)) == ["L05"]
    assert ids("Young person is sexually active.") == ["L05"]


# ------------------------------------------------------------------ conditions: adult other party

def test_boyfriend_is_flagged_when_the_other_person_is_an_adult():
    assert ids("Her boyfriend collects her.", NoteContext(child_age=14, other_party_ages=(35,))) == ["L11"]
    assert ids("Her 35-year-old boyfriend collects her from school.") == ["L11"]
    assert ids("Amy (14) says her boyfriend is 35.") == ["L11"]
    assert ids("She has an older boyfriend.") == ["L11"]


def test_boyfriend_is_not_flagged_when_both_are_15():
    assert ids("Her boyfriend collects her.", NoteContext(child_age=15, other_party_ages=(15,))) == []
    assert ids("She is 15 and her boyfriend is 15.") == []


def test_boyfriend_with_no_age_for_the_other_person_is_not_flagged():
    assert ids("She spent the evening with her boyfriend.") == []


def test_an_adults_own_boyfriend_is_not_flagged():
    assert ids("Ms Hart (42) described her boyfriend as supportive.") == []
    assert ids("Mother's boyfriend, who is 35, moved in.") == []


def test_had_sex_with_is_flagged_with_an_adult_and_not_between_peers():
    assert ids("She said she had sex with a 30-year-old man.") == ["L06"]
    assert ids("Jess (15) said she had sex with her boyfriend, who is 15.") == []


# ------------------------------------------------------------------ conditions: actor inversion

def test_contacting_adults_is_flagged_but_contacting_friends_is_not():
    assert ids("He has been contacting adults online.") == ["L31"]
    assert ids("He has been contacting his friends from school.") == []
    assert ids("Adults have been contacting him online.") == []


def test_sending_images_is_flagged_only_with_an_adult_recipient():
    assert ids("She sent nude images to a 40-year-old man.") == ["L32"]
    assert ids("Pupils were sending nude images to each other; both are 14.") == []


# ------------------------------------------------------------------ conditions: dependent child

def test_did_not_attend_is_flagged_for_a_4_year_old_and_a_baby():
    assert ids("Did not attend the dental appointment.", NoteContext(child_age=4)) == ["L42"]
    assert ids("The baby did not attend the six-week check.") == ["L42"]
    assert ids("Jayden is 4. He did not attend his dental appointment.") == ["L42"]
    assert ids("Outcome recorded as DNA.", NoteContext(child_depends_on_adult=True)) == ["L42"]


def test_did_not_attend_is_not_flagged_for_an_adult_or_an_adolescent_attending_alone():
    assert ids("The adult patient did not attend.") == []
    assert ids("Mother did not attend the core group.") == []
    assert ids("Did not attend.", NoteContext(child_age=16)) == []
    assert ids("Did not attend.", NoteContext(child_age=8, child_depends_on_adult=False)) == []
    assert ids("Callum is 17 and did not attend his appointment.") == []


def test_dna_as_genetic_material_is_not_flagged():
    assert ids("A DNA sample was taken from the suspect.") == []
    assert ids("Paternity DNA test results are awaited.") == []


# ------------------------------------------------------------------ quotations and mentions

def test_the_childs_quoted_words_are_not_flagged():
    assert ids("She said 'I love him, he's my boyfriend' and he is 35.") == []
    assert ids('"I chose to go with them," she said.') == []
    assert ids("Child stated “my boyfriend is 24 and he looks after me”.") == []


def test_an_adults_quoted_words_are_flagged():
    assert ids('Mother said "she is putting herself at risk".') == ["L01"]
    assert ids("Staff described the girls as 'active participants'.") == ["L16"]


def test_the_same_words_outside_the_quotation_are_flagged():
    assert ids("She said 'I was scared'. She is putting herself at risk.") == ["L01"]


@pytest.mark.parametrize("text", [
    "Avoid the word 'prostitute'.",
    "Avoid the word prostitute.",
    "The term 'child prostitute' is not used.",
    "The term child prostitute is not used.",
    "The phrase 'putting herself at risk' should not be used.",
    "Replace 'did not attend' with 'was not brought'.",
])
def test_mentions_of_a_term_are_not_flagged(text):
    assert ids(text) == []


# ------------------------------------------------------------------ adults and near-misses

@pytest.mark.parametrize("text", [
    "Mother was uncooperative with police at the door.",
    "Father refused to engage with the programme.",
    "Stepfather is a known gang member.",
    "He sustained a minor injury playing football.",
    "Partner agencies were invited.",
    "The risks associated with the address were discussed.",
    "She chose to study art at college.",
])
def test_adult_uses_and_near_misses_are_not_flagged(text):
    assert ids(text) == []


# ------------------------------------------------------------------ check_many

def test_check_many_matches_check_text_and_aligns_contexts():
    texts = ["Did not attend.", "Did not attend.", "Pupil was out of control.", ""]
    contexts = [NoteContext(child_age=3), NoteContext(child_age=17), None, None]
    many = check_many(texts, contexts)
    assert [[f.rule_id for f in r] for r in many] == [["L42"], [], ["L28"], []]
    assert many == [check_text(t, c) for t, c in zip(texts, contexts, strict=True)]


def test_check_many_refuses_contexts_of_the_wrong_length():
    with pytest.raises(ValueError):
        check_many(["a", "b"], [None])


def test_check_many_accepts_a_generator():
    assert len(check_many(t for t in ["He puts himself at risk.", "Fine."])) == 2
