"""The map page: who sees it, what reaches the page (never a withheld number or a child), tiles and checks."""

import json
import re
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.urls import reverse

from joinedup.core.navigation import nav_links
from joinedup.places.views import CITATIONS

URL = "/places/map/"
PERIOD = {"from": "2026-01-01", "to": "2026-12-31"}


@pytest.fixture
def team_manager(make_user):
    return make_user("manager", "team_manager", "csc")


def signed_in(client, user):
    client.force_login(user)
    return client


def map_data(response) -> dict:
    match = re.search(r'<script id="places-map-data" type="application/json">(.*?)</script>', response.text, re.S)
    return json.loads(match.group(1))


def feature(data, code) -> dict:
    return next(f["properties"] for f in data["areas"]["features"] if f["properties"]["code"] == code)


def test_the_map_has_a_url_name_and_a_nav_link_for_the_roles_that_may_see_it(users, team_manager):
    assert reverse("places:map") == URL
    for user in (users["analyst"], users["mash"], team_manager):
        assert ("Map of places", URL) in nav_links(user)
    for user in (users["teacher"], users["dsl"], users["socialworker"], users["admin"], users["system"]):
        assert ("Map of places", URL) not in nav_links(user)


def test_analysts_team_managers_and_mash_officers_see_the_map_and_no_one_else(client, users, team_manager):
    for user in (users["analyst"], users["mash"], team_manager):
        assert signed_in(client, user).get(URL).status_code == 200
    for name in ("teacher", "dsl", "socialworker", "police", "admin", "system"):
        assert signed_in(client, users[name]).get(URL).status_code == 403, name
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_withheld_figure_never_reaches_the_page_and_no_child_is_named(client, users, children, events, place):
    few = children(3, "NS2 1AB")
    many = children(7, "NS3 1AB")
    events(few, "csc.referral")
    events(many, "csc.referral")
    events(many, "safeguarding.concern", location=place("NS9 1AB", name="Beckside Recreation Ground"))
    response = signed_in(client, users["analyst"]).get(URL, {**PERIOD, "measure": "referrals"})
    data = map_data(response)
    assert feature(data, "NS2")["figures"]["referrals"] == {"value": None, "state": "suppressed",
                                                             "text": "fewer than 5"}
    assert feature(data, "NS3")["figures"]["referrals"] == {"value": 7, "state": "shown", "text": "7"}
    assert feature(data, "NS1")["figures"]["referrals"] == {"value": 0, "state": "zero", "text": "0"}
    assert data["measure"] == "referrals" and data["largest"]["referrals"] == 7
    body = response.text
    assert re.search(r'data-area="NS2"><th scope="row">NS2, Northbridge</th>\s*<td[^>]*>0</td>'
                     r'<td class="figure figure-suppressed">fewer than 5</td>', body)
    assert "Number" not in body                      # the children's surnames in these fixtures
    assert "Beckside" not in body                    # nor the places themselves: areas only
    assert "/people/" not in body                    # and nothing links to a child
    assert "not shown" in body                       # the referrals total would give NS2 away


def test_the_period_and_the_figure_on_the_map_are_chosen_and_a_backwards_period_is_refused(client, users):
    page = signed_in(client, users["analyst"]).get(URL, {"from": "2026-02-01", "to": "2026-03-31",
                                                         "measure": "services"})
    assert "1 February 2026" in page.text and "31 March 2026" in page.text
    assert map_data(page)["measure"] == "services"
    assert 'value="2026-02-01"' in page.text
    refused = client.get(URL, {"from": "2026-04-01", "to": "2026-03-01"})
    assert refused.status_code == 200
    assert "must be on or before" in refused.text


def test_without_a_tile_url_the_page_asks_nothing_of_any_other_server(client, users, settings):
    settings.JOINEDUP_MAP_TILE_URL = ""
    page = signed_in(client, users["analyst"]).get(URL)
    assert map_data(page)["tiles"] is None
    addresses = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert addresses and all(a.startswith(("/", "#")) for a in addresses), addresses
    assert "/static/vendor/leaflet/leaflet.js" in page.text


def test_a_configured_tile_url_and_its_attribution_are_given_to_the_map(client, users, settings):
    settings.JOINEDUP_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.JOINEDUP_MAP_TILE_ATTRIBUTION = "© Example tiles"
    data = map_data(signed_in(client, users["analyst"]).get(URL))
    assert data["tiles"] == {"url": "https://tiles.example.org/{z}/{x}/{y}.png", "attribution": "© Example tiles"}


def test_a_broken_areas_file_is_reported_on_the_page_and_by_the_system_checks(client, users, settings, tmp_path):
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "NS7 1AB"}, "geometry": {"type": "Polygon", "coordinates": [[]]}}]}))
    settings.JOINEDUP_MAP_AREAS = str(path)
    page = signed_in(client, users["analyst"]).get(URL)
    assert page.status_code == 500 and "The map’s areas cannot be drawn" in page.text
    assert [c.id for c in run_checks() if c.id.startswith("places.")] == ["places.E001"]


@pytest.mark.parametrize(("url", "attribution", "ids"), [
    ("", "", []),
    ("https://tiles.example.org/{z}/{x}/{y}.png", "© Example", []),
    ("https://tiles.example.org/{z}/{x}/{y}.png", "", ["places.W001"]),
    ("tiles.example.org/{z}/{x}/{y}.png", "© Example", ["places.E002"]),
    ("https://tiles.example.org/tile.png", "© Example", ["places.E002"]),
])
def test_the_tile_settings_are_checked(settings, url, attribution, ids):
    settings.JOINEDUP_MAP_AREAS = ""
    settings.JOINEDUP_MAP_TILE_URL, settings.JOINEDUP_MAP_TILE_ATTRIBUTION = url, attribution
    assert [c.id for c in run_checks() if c.id.startswith("places.")] == ids


def test_the_learning_the_page_cites_is_on_those_lines_of_the_seed_text():
    seeds = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"
    [seed] = list(seeds.glob("004_*.txt")) or pytest.skip("the seed texts are not beside the checkout")
    lines = seed.read_text(encoding="utf-8").splitlines()
    for name, citation in CITATIONS.items():
        first, _, last = citation["lines"].partition("-")
        text = " ".join(lines[int(first) - 1:int(last or first)])
        assert citation["phrase"] in text.replace("‘", "'").replace("’", "'"), name


def test_the_period_is_the_last_twelve_months_unless_chosen(client, users):
    from datetime import date

    from django.utils import timezone

    from joinedup.places.views import _year_to

    assert _year_to(date(2026, 11, 21)) == date(2025, 11, 22)
    assert _year_to(date(2028, 2, 29)) == date(2027, 3, 1)
    today = timezone.localdate()
    page = signed_in(client, users["analyst"]).get(URL)
    assert f'value="{_year_to(today).isoformat()}"' in page.text and f'value="{today.isoformat()}"' in page.text
