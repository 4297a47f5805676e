"""The network view and a context prompt in a real browser: the West Sussex-like scenario, imported file by file."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, screenshot, sign_in


@pytest.fixture
def scenario(transactional_db, users, agencies, tmp_path):
    """Three girls found at one flat with men, after school concerns: the place prompt is raised on import."""
    from joinedup.linkage.models import LinkageModel
    from joinedup.network.partnership import forget
    from joinedup.network.tests.conftest import GIRLS, MEN, WestSussex

    forget()
    LinkageModel.objects.create(splink_version="5.0.0", duckdb_version="2.0.0", seed=1, model={"comparisons": []})
    west_sussex = WestSussex(tmp_path, agencies)
    people = "record_id,person_type,forename,surname,date_of_birth,sex,nhs_number\n"
    west_sussex.send("police", "people", people + "".join(
        f"{p},child,{f},{s},{born},F,{nhs}\n" for p, _sc, f, s, born, nhs in GIRLS) + "".join(
        f"{m},adult,{f},{s},{born},M,\n" for m, f, s, born in MEN))
    west_sussex.send("school", "people", people + "".join(
        f"{sc},child,{f},{s},{born},F,{nhs}\n" for _p, sc, f, s, born, nhs in GIRLS))
    for i in range(3):
        west_sussex.school_concern(i)
        west_sussex.found_at_flat(i)
        west_sussex.links(i)
    yield west_sussex
    forget()


def node_rows(page):
    return page.locator("#network-nodes tr")


def test_the_network_view_opens_around_a_child_and_filters_by_period(page, scenario):
    from joinedup.network.tests.conftest import week

    girl = scenario.girl(0)
    sign_in(page, "mash")
    page.goto(f"/people/{girl.pk}/")
    page.get_by_role("link", name="Network around this child").click()
    expect(page.get_by_role("heading", name=f"Network around {girl.display_name}")).to_be_visible()
    graph = page.locator("#network-graph")
    expect(graph.locator("canvas").first).to_be_attached()
    assert int(graph.get_attribute("data-nodes")) >= 8
    expect(node_rows(page).filter(has_text="Flat 2, 14 Mill Lane")).to_have_count(1)
    expect(node_rows(page).filter(has_text="Dean Foster")).to_have_count(1)
    assert accessibility_violations(page) == []
    screenshot(page, "network-around-a-child")

    # a link's details: who recorded it, how they know, whether it was verified
    boyfriend = page.locator("#network-links tr").filter(has_text="boyfriend").first
    boyfriend.get_by_role("button").click()
    details = page.locator("#network-details")
    expect(details).to_be_focused()
    expect(details.get_by_text("Reported by a third party")).to_be_visible()
    expect(details.get_by_text("Not verified")).to_be_visible()
    expect(details.get_by_text("Information from a record, not fact.")).to_be_visible()
    # selecting a node in the graph itself shows its details too
    page.evaluate("""id => { const cy = document.getElementById('network-graph')._cyreg.cy;
                              cy.getElementById(id).emit('tap'); }""", f"person-{scenario.man(0).pk}")
    expect(details.get_by_role("heading", name="Dean Foster")).to_be_visible()
    expect(details.get_by_role("link", name="Open the record")).to_be_visible()

    # filter to the days before police found her at the flat: no flat, no man; no page reload
    page.evaluate("window.notReloaded = true")
    page.get_by_label("From").fill("2026-01-01")
    page.get_by_label("To").fill(week(0, 2).isoformat())
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#network-status")).to_contain_text("1 Jan 2026 to")
    expect(node_rows(page).filter(has_text="Flat 2, 14 Mill Lane")).to_have_count(0)
    expect(node_rows(page).filter(has_text="Dean Foster")).to_have_count(0)
    expect(node_rows(page).filter(has_text=girl.display_name)).to_have_count(1)
    assert page.evaluate("window.notReloaded") is True
    assert re.search(r"start=2026-01-01", page.url)
    assert accessibility_violations(page) == []
    screenshot(page, "network-before-she-was-found")

    # the week she was found: the flat and the man are back
    page.get_by_label("To").fill(week(0, 6).isoformat())
    page.get_by_role("button", name="Show").click()
    expect(node_rows(page).filter(has_text="Flat 2, 14 Mill Lane")).to_have_count(1)
    expect(node_rows(page).filter(has_text="Dean Foster")).to_have_count(1)
    assert int(graph.get_attribute("data-nodes")) == node_rows(page).count()

    # a period that ends before it starts is refused in words
    page.get_by_label("From").fill("2026-10-01")
    page.get_by_label("To").fill("2026-09-01")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".error-summary")).to_contain_text("end of the period")
    screenshot(page, "network-after-she-was-found")


def test_a_teacher_sees_the_schools_links_only(page, scenario):
    girl = scenario.girl(0)
    sign_in(page, "teacher")
    page.goto(f"/people/{girl.pk}/network/")
    expect(page.get_by_role("heading", name=f"Network around {girl.display_name}")).to_be_visible()
    expect(page.locator("#network-withheld")).to_be_visible()
    expect(node_rows(page).filter(has_text="Flat 2, 14 Mill Lane")).to_have_count(0)
    expect(page.get_by_text("Dean Foster")).to_have_count(0)
    assert accessibility_violations(page) == []
    screenshot(page, "network-as-a-teacher-sees-it")


def test_a_mash_officer_opens_a_context_prompt_and_decides_it_with_reasons(page, scenario):
    sign_in(page, "mash")
    page.get_by_role("link", name="Prompts").first.click()
    row = page.locator("tr").filter(has_text="Flat 2, 14 Mill Lane")
    expect(row).to_contain_text("connects 3 children")
    row.get_by_role("link", name="A place connected to several children with concerns").click()
    expect(page.get_by_role("heading", name="What it is about")).to_be_visible()
    for i in range(3):
        expect(page.locator(".children-named").get_by_role("link", name=scenario.girl(i).display_name)).to_be_visible()
    expect(page.locator("tr.trigger")).to_contain_text("brought the count to the threshold")
    expect(page.get_by_role("heading", name="Recorded links behind it")).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "context-prompt")

    page.get_by_label("Strategy discussion requested").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".error-summary")).to_be_visible()  # reasons are required
    page.get_by_label("Strategy discussion requested").check()
    page.get_by_label("Reasons").fill("Strategy discussion for the three girls; police to consider disrupting the "
                                      "men who use the flat on Mill Lane.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Decision recorded with its reasons")).to_be_visible()
    expect(page.get_by_text("Strategy discussion requested").first).to_be_visible()

    page.goto(f"/people/{scenario.girl(2).pk}/chronology/")
    expect(page.locator("td", has_text="Context prompt raised: A place connected").first).to_be_visible()
    expect(page.locator("td", has_text="police to consider disrupting").first).to_be_visible()
    screenshot(page, "context-prompt-decision-on-chronology")

    page.goto("/prompts/")
    expect(page.locator("tr").filter(has_text="Flat 2, 14 Mill Lane")).to_have_count(0)  # decided: off the queue
