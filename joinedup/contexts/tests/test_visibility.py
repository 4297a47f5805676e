"""Need-to-know on a context page: people are named only to those who may open them, the rest are counted."""

from datetime import UTC, datetime

from django.urls import reverse

from joinedup.audit.models import AccessLog
from joinedup.people.models import Allocation
from joinedup.prompts.models import Prompt


def _page(client, user, context):
    client.force_login(user)
    response = client.get(reverse("contexts:detail", args=[context.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_school_practitioner_sees_counts_not_names_of_children_only_the_police_know(client, users, takeaway,
                                                                                      linked):
    page = _page(client, users["teacher"], takeaway)
    assert "Ellie Turner" in page and "Told her tutor she goes there after school." in page
    assert "Jade" not in page and "Darren" not in page and "Seen inside after 11pm" not in page
    assert ("1 further child and 1 adult known to other agencies are linked to this context "
            "(Northshire Police: 2 links). Ask the MASH if you need to know more.") in page
    logged = AccessLog.objects.filter(user=users["teacher"])
    assert set(logged.values_list("person_id", flat=True)) == {linked["ellie"].person_id}
    assert logged.get().what == f"linked to context {takeaway.pk}"


def test_each_link_shows_its_provenance_as_information_not_fact(client, users, takeaway, linked):
    page = _page(client, users["police"], takeaway)
    assert "Information, not fact" in page
    assert "Jade Morgan" in page and "Darren Cole" in page and "Ellie Turner" not in page
    assert "12 Sep 2026" in page and "Observed by a practitioner" in page and "Intelligence" in page
    assert "Not verified" in page and "Seen inside after 11pm with two adult men." in page
    assert "1 further child known to other agencies is linked to this context (Hill Top Academy: 1 link)" in page
    assert set(AccessLog.objects.values_list("person_id", flat=True)) == {linked["jade"].person_id,
                                                                          linked["darren"].person_id}


def test_mash_officers_and_the_allocated_worker_see_every_link(client, users, takeaway, linked):
    page = _page(client, users["mash"], takeaway)
    assert all(name in page for name in ("Jade Morgan", "Ellie Turner", "Darren Cole"))
    assert "known to other agencies" not in page
    Allocation.objects.create(person=linked["jade"].person, worker=users["socialworker"], start_date="2026-01-01")
    page = _page(client, users["socialworker"], takeaway)
    assert "Jade Morgan" in page and "Ellie Turner" not in page


def test_events_at_the_place_are_summarised_and_other_agencies_counted(client, users, takeaway, linked, make_event):
    when = datetime(2026, 9, 20, 15, 0, tzinfo=UTC)
    make_event("police", "E1", linked["jade"], "police.missing_report", location=takeaway.location, occurred_at=when)
    make_event("police", "E2", linked["jade"], "police.missing_report", location=takeaway.location,
               occurred_at=when.replace(month=10))
    make_event("school", "E3", linked["ellie"], "safeguarding.concern", location=takeaway.location, occurred_at=when)
    teacher = _page(client, users["teacher"], takeaway)
    assert "Other agencies recorded further events here: Northshire Police: 2 events." in teacher
    mash = _page(client, users["mash"], takeaway)
    assert "Northshire Police" in mash and "Hill Top Academy" in mash and "further events" not in mash
    assert "20 Sep 2026" in mash and "20 Oct 2026" in mash


def test_prompts_about_the_context_are_shown_to_whole_picture_users_only(client, users, takeaway, linked):
    Prompt.objects.create(context=takeaway, rule_id="C01", title="Several children linked to one takeaway",
                          evidence_class="evidenced_vulnerability", moment="2026-10-01", episode="x",
                          explanation="Three children are linked to this takeaway by two agencies.",
                          recipient="MASH")
    assert "Several children linked to one takeaway" in _page(client, users["mash"], takeaway)
    page = _page(client, users["dsl"], takeaway)
    assert "Several children linked to one takeaway" not in page and "Prompts about this context" not in page
