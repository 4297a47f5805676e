"""Multi-agency child protection teams (CWSA 2026 s.3): four disciplines before a section 47 enquiry; tasks per
agency with owners and due dates; an outcome with reasons; drift prompts (D12, and D08 met by an outcome)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from joinedup.cpteams import services
from joinedup.cpteams.models import Outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(users, make_user, agencies):
    users["nurse"] = make_user("nurse", "practitioner", "health")
    users["manager"] = make_user("manager", "team_manager", "csc")
    return users


@pytest.fixture
def team(staff):
    team = services.create_team(actor=staff["manager"], name="Northshire North MACPT", area="North district")
    services.add_member(team, actor=staff["manager"], discipline="social_work", user=staff["socialworker"],
                        role="Senior social worker", registration="SW123456", start_date=date(2026, 1, 5))
    services.add_member(team, actor=staff["manager"], discipline="police", user=staff["police"],
                        role="Detective constable", start_date=date(2026, 1, 5))
    services.add_member(team, actor=staff["manager"], discipline="education", user=staff["dsl"],
                        role="Designated safeguarding lead", start_date=date(2026, 1, 5))
    return team


@pytest.fixture
def child(staff, make_record, agencies):
    from joinedup.meetings import services as meetings

    record = make_record("csc", "C1", "Maya", "Lewis", born=date(2012, 5, 9), nhs_number="9434765919")
    make_record("police", "P1", "Maya", "Lewis", born=date(2012, 5, 9), nhs_number="9434765919")
    child = record.person
    held = timezone.localdate() - timedelta(days=3)
    strategy = meetings.create_meeting(person=child, kind="strategy_discussion", held_on=held,
                                       chair=staff["socialworker"], organiser=staff["socialworker"],
                                       purpose="Maya disclosed that her mother's partner hit her; plan the enquiry.",
                                       agencies=[agencies["police"], agencies["school"], agencies["health"]])
    meetings.record_decision(strategy, kind="section_47", actor=staff["socialworker"],
                             reasons="Maya's disclosure and the bruising the school nurse saw meet the threshold.")
    return {"child": child, "strategy": strategy}


def open_(staff, child, team, **changes):
    fields = {"actor": staff["socialworker"], "person": child["child"], "team": team,
              "strategy_discussion": child["strategy"], "lead": staff["socialworker"],
              "concerns": "Maya said her mother's partner hit her with a belt; bruising seen by the school nurse."}
    return services.open_enquiry(**{**fields, **changes})


def test_a_team_lacking_a_health_member_cannot_take_an_enquiry(staff, team, child):
    assert services.missing_disciplines(team) == ["Health (registered health professional)"]
    with pytest.raises(services.Refused) as refused:
        open_(staff, child, team)
    assert "no current member for health" in refused.value.errors["team"][0]


def test_a_health_member_must_be_registered_and_nominated(staff, team, agencies):
    with pytest.raises(services.Refused) as refused:
        services.add_member(team, actor=staff["manager"], discipline="health", user=staff["nurse"], role="Named nurse")
    assert set(refused.value.errors) == {"registration", "nominated_by"}
    with pytest.raises(services.Refused, match="comes from health"):
        services.add_member(team, actor=staff["manager"], discipline="health", user=staff["teacher"],
                            role="Teacher", registration="x", nominated_by="y")
    with pytest.raises(services.Refused):
        services.add_member(team, actor=staff["teacher"], discipline="police", user=staff["police"], role="DC")


def test_with_all_four_the_team_takes_the_enquiry_with_tasks_and_an_outcome(staff, team, child):
    services.add_member(team, actor=staff["manager"], discipline="health", user=staff["nurse"], role="Named nurse",
                        registration="NMC 12A3456E", nominated_by="Northshire Integrated Care Board")
    assert services.missing_disciplines(team) == []
    enquiry = open_(staff, child, team)
    task = services.add_task(enquiry, actor=staff["socialworker"], discipline="police", owner=staff["police"],
                             description="Check police records on the mother's partner.",
                             due_on=timezone.localdate() + timedelta(days=3))
    assert task.owner_agency.code == "police"
    with pytest.raises(services.Refused):
        services.complete_task(task, actor=staff["dsl"], note="Done by the school.")
    services.complete_task(task, actor=staff["police"], note="Two previous domestic abuse call-outs to the address.")
    with pytest.raises(services.Refused) as refused:
        services.record_outcome(enquiry, actor=staff["socialworker"], outcome=Outcome.NO_FURTHER_ACTION, reasons="NFA")
    assert "no further action needs reasons" in refused.value.errors["reasons"][0]
    done = services.record_outcome(enquiry, actor=staff["socialworker"], outcome=Outcome.CONFERENCE,
                                   reasons="Substantiated: Maya's account, the bruising and the police history of "
                                           "violence at the address; Maya is likely to suffer significant harm.")
    assert done.outcome == Outcome.CONFERENCE and done.outcome_on == timezone.localdate()


def test_the_enquiry_must_come_from_a_strategy_discussion_that_decided_section_47(staff, team, child, agencies):
    from joinedup.meetings import services as meetings

    services.add_member(team, actor=staff["manager"], discipline="health", user=staff["nurse"], role="Named nurse",
                        registration="NMC 12A3456E", nominated_by="Northshire ICB")
    other = meetings.create_meeting(person=child["child"], kind="strategy_discussion",
                                    held_on=timezone.localdate() - timedelta(days=1), chair=staff["socialworker"],
                                    organiser=staff["socialworker"], purpose="A second discussion about school.",
                                    agencies=[agencies["school"]])
    with pytest.raises(services.Refused, match="did not record a decision"):
        open_(staff, child, team, strategy_discussion=other)
    with pytest.raises(services.Refused, match="current social work member"):
        open_(staff, child, team, lead=staff["police"])
    with pytest.raises(services.Refused, match="children's social care or the MASH"):
        open_(staff, child, team, actor=staff["police"])
    open_(staff, child, team)
    with pytest.raises(services.Refused, match="already open"):
        open_(staff, child, team)


def test_an_overdue_task_raises_d12_to_its_owner(staff, team, child):
    from joinedup.prompts.models import Prompt

    services.add_member(team, actor=staff["manager"], discipline="health", user=staff["nurse"], role="Named nurse",
                        registration="NMC 12A3456E", nominated_by="Northshire ICB")
    team.memberships.update(start_date=date(2026, 1, 5))
    enquiry = open_(staff, child, team, started_on=timezone.localdate() - timedelta(days=3))
    task = services.add_task(enquiry, actor=staff["socialworker"], discipline="health", owner=staff["nurse"],
                             description="Arrange a child protection medical for Maya.",
                             due_on=timezone.localdate() - timedelta(days=1))
    prompt = Prompt.objects.get(rule_id="D12")
    assert prompt.assigned_to == staff["nurse"] and prompt.episode == f"section47_task:{task.pk}"


def test_an_outcome_without_a_conference_meets_d08(staff, team, child):
    from joinedup.meetings.deadlines import meeting_records

    services.add_member(team, actor=staff["manager"], discipline="health", user=staff["nurse"], role="Named nurse",
                        registration="NMC 12A3456E", nominated_by="Northshire ICB")
    enquiry = open_(staff, child, team)

    def d08():
        return next(r for r in meeting_records([child["child"].pk]) if r["kind"] == "strategy_discussion")

    assert d08()["conference_held_on"] is None
    services.record_outcome(enquiry, actor=staff["socialworker"], outcome=Outcome.CHILD_IN_NEED_PLAN,
                            reasons="Not substantiated as significant harm; the family accepts a child in need plan "
                                    "with parenting support and school counselling.")
    assert d08()["conference_held_on"] == timezone.localdate()


def test_members_read_the_enquiry_and_others_do_not(staff, team, child, make_user, client):
    services.add_member(team, actor=staff["manager"], discipline="health", user=staff["nurse"], role="Named nurse",
                        registration="NMC 12A3456E", nominated_by="Northshire ICB")
    enquiry = open_(staff, child, team)
    client.force_login(staff["nurse"])                   # a member, though health holds no record of Maya
    page = client.get(f"/section-47/{enquiry.pk}/").content.decode()
    assert "Maya Lewis" in page and "Northshire North MACPT" in page
    client.force_login(staff["teacher"])
    assert client.get(f"/section-47/{enquiry.pk}/").status_code == 404
    client.force_login(staff["manager"])
    assert "Can take enquiries" in client.get("/cp-teams/").content.decode()


def test_the_api_refuses_a_team_without_all_four(staff, team, child):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(staff["socialworker"])
    body = {"person": child["child"].pk, "team": team.pk, "strategy_discussion": child["strategy"].pk,
            "lead": "socialworker", "concerns": "Maya said her mother's partner hit her; bruising seen at school."}
    refused = api.post("/api/section-47-enquiries/", body, format="json")
    assert refused.status_code == 400 and "no current member for health" in refused.json()["team"][0]
    teams = api.get("/api/cp-teams/").json()["results"]
    assert teams[0]["missing_disciplines"] == ["Health (registered health professional)"]
