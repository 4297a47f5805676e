"""The partnership map in a real browser: suppressed and unsuppressed areas drawn, offline, and tiles when set."""

import base64
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, screenshot, sign_in

TILES = "https://tiles.example.test/{z}/{x}/{y}.png"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/x8AAwMCAO+ip1sAAAAASUVORK5CYII=")


@pytest.fixture
def partnership(transactional_db, users, make_record, make_event):
    """Children in the synthetic districts: some figures of five or more, some fewer than five."""
    from joinedup.places.models import Location

    when = timezone.now() - timedelta(days=30)
    park = Location.objects.create(key="park:millbeck", kind="park", name="Millbeck Park", postcode="NS9 4AB")
    arcade = Location.objects.create(key="venue:arcade", kind="venue", name="Thornwick Arcade", postcode="NS10 2CD")
    n = 0

    def child(postcode):
        nonlocal n
        n += 1
        return make_record("csc", f"C{n}", "Child", f"Surname{n}", postcode=postcode)

    def event(record, event_type, location=None, agency="csc"):
        make_event(agency, f"E{record.record_id}-{event_type}", record, event_type, occurred_at=when,
                   location=location)

    for _ in range(6):                                   # NS3: six children referred and helped
        record = child("NS3 1AB")
        event(record, "csc.referral")
        event(record, "csc.early_help_assessment")
    for _ in range(2):                                   # NS5: two children referred
        event(child("NS5 2AB"), "csc.referral")
    for _ in range(5):                                   # concerns at the park in NS9: five children
        event(child("NS1 1AB"), "police.found_with_adult", park, agency="police")
    event(child("NS1 1AB"), "police.missing_report", arcade, agency="police")   # NS10: one child


def test_the_map_shows_suppressed_and_unsuppressed_areas_without_leaving_the_machine(page, partnership, live_server):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    sign_in(page, "analyst")
    page.get_by_role("link", name="Map of places").click()
    expect(page.get_by_role("heading", name="Map of places", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Why concerns are shown beside referrals and help")).to_be_visible()

    # Concerns (the default figure): NS9 shown, NS10 withheld, the rest none recorded.
    the_map = page.locator("#places-map")
    expect(the_map.locator("path.area-shown")).to_have_count(1)
    expect(the_map.locator("path.area-suppressed")).to_have_count(1)
    expect(the_map.locator("path.area-zero")).to_have_count(10)
    expect(the_map.locator('path[data-area="NS9"]')).to_have_class("leaflet-interactive area area-shown")
    expect(the_map.locator('path[data-area="NS10"]')).to_have_class("leaflet-interactive area area-suppressed")
    expect(the_map.locator('.area-label [data-area="NS10"]')).to_have_text("NS10: fewer than 5")
    expect(the_map.locator('.area-label [data-area="NS9"]')).to_have_text("NS9: 5")
    expect(page.get_by_text("Hatched: fewer than 5 children. The figure is withheld.")).to_be_visible()
    expect(page.get_by_text("White: none recorded (0).")).to_be_visible()

    table = page.get_by_role("table")
    expect(table.get_by_role("row", name="NS9, Millbeck")).to_contain_text("5")
    expect(table.get_by_role("row", name="NS10, Oxley Moor").get_by_role("cell").first).to_have_text("fewer than 5")
    expect(table.get_by_role("row", name="NS3, Northbridge").get_by_role("cell").nth(1)).to_have_text("6")
    expect(table.get_by_role("row", name="NS5, Kestrel Green").get_by_role("cell").nth(1)).to_have_text("fewer than 5")
    expect(table.get_by_role("row", name="Whole partnership (each child once)")).to_contain_text("not shown")
    assert "Surname" not in page.content()
    assert accessibility_violations(page) == []
    screenshot(page, "map-of-places-concerns")

    # Referrals, chosen on the page: the map redraws at once.
    page.get_by_label("Children referred, by where they live").check()
    expect(page.locator("#map-measure")).to_have_text("Children referred, by where they live")
    expect(the_map.locator('path[data-area="NS3"]')).to_have_class("leaflet-interactive area area-shown")
    expect(the_map.locator('path[data-area="NS5"]')).to_have_class("leaflet-interactive area area-suppressed")
    expect(the_map.locator('path[data-area="NS9"]')).to_have_class("leaflet-interactive area area-zero")
    expect(page.locator("#legend-largest")).to_have_text("6")
    assert "measure=referrals" in page.url
    screenshot(page, "map-of-places-referrals")

    # No tile layer, and not one request to anywhere but this server.
    expect(the_map.locator(".leaflet-tile")).to_have_count(0)
    assert requests and all(url.startswith(live_server.url) for url in requests), [
        url for url in requests if not url.startswith(live_server.url)]


def test_a_configured_tile_url_adds_a_tile_layer_with_its_attribution(page, partnership, settings):
    settings.JOINEDUP_MAP_TILE_URL = TILES
    settings.JOINEDUP_MAP_TILE_ATTRIBUTION = "Tiles by Example Maps"
    tile_requests = []

    def fulfil(route):
        tile_requests.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=PNG)

    page.route("https://tiles.example.test/**", fulfil)
    sign_in(page, "mash")
    page.goto("/places/map/")
    expect(page.locator("#places-map .leaflet-tile-loaded").first).to_be_attached()
    expect(page.locator(".leaflet-control-attribution")).to_have_text("Tiles by Example Maps")
    expect(page.locator("#places-map path.area-suppressed")).to_have_count(1)
    assert tile_requests and all(url.startswith("https://tiles.example.test/") for url in tile_requests)
    assert accessibility_violations(page) == []
    screenshot(page, "map-of-places-tiles")
