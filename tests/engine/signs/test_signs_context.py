"""What the record knows (SignContext: the kind of record, the child's age) and the rules tuned on the
blind dev set: relational signs, reporters, 'can't remember', gifts of alcohol, objects of 'with'."""

from datetime import date

from engine.signs import SignContext, age_on, context_for, read_signs


def categories(text, context=None, about="child"):
    return sorted({s.category for s in read_signs(text, context) if s.about == about})


def test_a_return_interview_implies_the_missing_episode():
    text = "Went to Leeds with her friend Shauna."
    assert "missing_with_others" not in categories(text)
    assert "missing_with_others" in categories(text, SignContext(record_words=frozenset({"missing"})))


def test_a_stated_age_is_older_only_against_the_childs_age():
    text = "She is living with her partner (19)."
    assert "older_associates" in categories(text)  # age unknown: any adult
    assert "older_associates" in categories(text, SignContext(child_age=14))
    assert "older_associates" not in categories(text, SignContext(child_age=17))  # near-peers
    assert "older_associates" in categories("She said her boyfriend is 17.", SignContext(child_age=13))


def test_an_adults_stated_age_decides_against_the_childs_age():
    for text in ("Seen with a man aged 19 in the town centre.", "Caitlin was seen with a 19 year old man."):
        assert "older_associates" in categories(text)  # age unknown: any adult
        assert "older_associates" in categories(text, SignContext(child_age=13))
        assert "older_associates" not in categories(text, SignContext(child_age=18))
    # no age stated: the words decide
    assert "older_associates" in categories("Seen with a man in the town centre.", SignContext(child_age=18))
    # ages under 18 are other children's, not the adults'
    text = "Present: 3 adult males and 2 females aged 15 and 16."
    assert "older_associates" in categories(text, SignContext(child_age=16))


def test_the_childs_age_is_taken_on_the_day_the_text_was_written():
    born = date(2012, 4, 3)
    assert age_on(born, date(2025, 4, 2)) == 12 and age_on(born, date(2025, 4, 3)) == 13
    assert age_on(None, date(2025, 4, 3)) is None and age_on(born, date(2011, 1, 1)) is None
    assert context_for("police.crime_witness", born=born, on=date(2026, 1, 5)).child_age == 13
    assert context_for(born=born, on=date(2026, 1, 5), child_age=15).child_age == 15  # a given age wins
    assert context_for(born=None, on=date(2026, 1, 5)).child_age is None


def test_an_adult_subject_is_the_other_party_of_a_relational_sign():
    assert "sexual_activity" in categories("She disclosed that two men made her have sex with them.")
    assert "car" in categories("The older lads give him lifts in their cars.")
    # not relational: a parent's or another adult's own drinking stays theirs
    assert categories("Her stepdad was drunk.") == []


def test_a_reporting_parent_does_not_cancel_a_gift():
    assert "gifts" in categories("Nia's mum says she has been given a new phone by a man.")
    assert "gifts" not in categories("Her mum gave her a new phone for her birthday.")


def test_given_alcohol_is_a_gift_and_intoxication():
    assert {"gifts", "intoxication"} <= set(categories("Older boys were giving her vodka."))


def test_not_remembering_does_not_negate_what_follows():
    assert "intoxication" in categories("She can't remember what happened as she was really drunk.")
    assert "intoxication" not in categories("She was not drunk.")


def test_no_known_is_a_negation():
    assert "older_associates" not in categories("No known links to older males.")


def test_an_object_of_with_is_not_the_subject():
    assert "older_associates" in categories("She went to a party with her friend Mia and some older lads.")


def test_a_worker_who_suspects_is_not_a_suspect():
    signs = read_signs("Worker suspects Dan has new friends online.")
    assert [(s.category, s.about) for s in signs] == [("new_peer_group", "child")]


def test_euphemisms_for_sex_are_read():
    assert "sexual_activity" in categories('She said she and her boyfriend "did it" at the weekend.')
