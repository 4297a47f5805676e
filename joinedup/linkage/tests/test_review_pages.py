"""The review queue and model page: MASH officers only; a decision needs a reason and takes effect."""

import pytest
from django.urls import reverse

from joinedup.linkage.models import LinkageModel, LinkDecision, LinkRun, ReviewItem


@pytest.fixture
def item(make_record):
    a = make_record("school", "S1", "Caitlin", "Smith")
    b = make_record("police", "P1", "Katie", "Smith")
    model = LinkageModel.objects.create(splink_version="5", duckdb_version="2", seed=1, statistics={"pairs": 1},
                                        model={"comparisons": [{"output_column_name": "forename", "comparison_levels": [
                                            {"sql_condition": "exact", "label_for_charts": "Exact match",
                                             "m_probability": 0.9, "u_probability": 0.01},
                                            {"sql_condition": "else", "label_for_charts": "All other",
                                             "m_probability": 0.1, "u_probability": 0.99}]}]})
    run = LinkRun.objects.create(model=model)
    return ReviewItem.objects.create(record_a=a, record_b=b, match_weight=6.5, reason="review band", run=run,
                                     breakdown={"forename": ["Nickname match", 3.2], "dob": ["Exact match", 7.1]})


@pytest.mark.parametrize("role", ["teacher", "dsl", "analyst", "admin"])
def test_only_mash_officers_see_the_review_queue(client, users, item, role):
    client.force_login(users[role])
    assert client.get(reverse("linkage:queue")).status_code == 403
    assert client.get(reverse("linkage:item", args=[item.pk])).status_code == 403
    assert client.get(reverse("linkage:model")).status_code == 403


def test_the_item_page_shows_both_records_and_the_weights_that_explain_the_score(client, users, item):
    client.force_login(users["mash"])
    page = client.get(reverse("linkage:item", args=[item.pk])).content.decode()
    assert "Caitlin" in page and "Katie" in page and "Nickname match" in page and "7.10" in page


def test_a_decision_without_a_reason_is_refused(client, users, item):
    client.force_login(users["mash"])
    response = client.post(reverse("linkage:item", args=[item.pk]), {"decision": "different", "reason": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not LinkDecision.objects.exists()


def test_an_unsure_decision_is_recorded_and_leaves_the_records_as_they_are(client, users, item):
    client.force_login(users["mash"])
    before = (item.record_a.person_id, item.record_b.person_id)
    response = client.post(reverse("linkage:item", args=[item.pk]), {"decision": "unsure", "reason": "Need the GP's view."})
    assert response.status_code == 302
    decision = LinkDecision.objects.get()
    assert decision.decided_by == users["mash"] and decision.reason == "Need the GP's view."
    item.refresh_from_db()
    item.record_a.refresh_from_db()
    assert not item.open and (item.record_a.person_id, item.record_b.person_id) == before


def test_the_model_page_charts_each_level_offline(client, users, item):
    client.force_login(users["mash"])
    page = client.get(reverse("linkage:model")).content.decode()
    assert "Exact match" in page and "<svg" in page and "6.49" in page  # log2(0.9 / 0.01)
