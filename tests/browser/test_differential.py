"""A clinician marks a pain drawing and sees the differential update; the map works by keyboard."""

import json

import pytest

from taut.clinics.roles import Role
from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.factories import make_clinic, make_user


@pytest.fixture
def clinician(transactional_db):
    return make_user("robin", (make_clinic("Lakeside"), Role.CLINICIAN))


def drawing(page) -> list[dict]:
    return json.loads(page.locator("#id_drawing").input_value())


def test_marking_regions_ranks_the_expected_trigger_point_first(page, live_server, clinician):
    log_in(page, live_server, "robin")
    page.goto(f"{live_server.url}/reference/differential/")
    for region in ("posterolateral_neck_r", "mastoid_r", "temple_r", "jaw_angle_r"):
        page.locator(f'path[data-region="{region}"]').first.click()
    first = page.locator("[data-candidates] li.candidate").first
    first.locator("strong", has_text="Upper trapezius").wait_for()
    assert "right" in first.inner_text()
    assert {m["id"] for m in drawing(page)} == {
        "posterolateral_neck_r", "mastoid_r", "temple_r", "jaw_angle_r",
    }  # fmt: skip
    first.get_by_role("button", name="Show pattern").click()
    assert page.locator('path[data-region="occiput_r"].overlay-spillover').count() >= 1
    screenshot(page, "differential_upper_trapezius")

    # A negative palpation finding lowers that trigger point's probability.
    meter = first.locator("[role=meter]")
    before = int(meter.get_attribute("aria-valuenow"))
    first.get_by_role("button", name="Palpated: not found").click()
    page.wait_for_function(
        "before => +document.querySelector('[data-candidates] li.candidate [role=meter]')"
        ".getAttribute('aria-valuenow') < before - 30",
        arg=before,
    )
    # Palpated latent (found, not the familiar pain), a trigger point drops in the ranking.
    second = page.locator("[data-candidates] li.candidate").first
    name = second.locator(".muscle-tp").inner_text()
    second.get_by_role("button", name="Palpated: latent").click()
    page.wait_for_function(
        "name => document.querySelector('[data-candidates] li.candidate .muscle-tp')"
        ".textContent !== name",
        arg=name,
    )
    listed = page.locator("[data-candidates] li.candidate .muscle-tp").all_inner_texts()
    assert not any("Upper infraspinatus" in text for text in listed), "prior-only candidates"


def test_the_body_map_works_with_the_keyboard(page, live_server, clinician):
    log_in(page, live_server, "robin")
    page.goto(f"{live_server.url}/reference/differential/")
    region = page.locator("svg.body-figure--anterior path.region[tabindex='0']")
    region.focus()
    name = region.get_attribute("aria-label")
    page.keyboard.press("Space")
    assert region.get_attribute("aria-checked") == "true"
    page.keyboard.press("7")
    assert drawing(page)[0]["intensity"] == 7
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert len(drawing(page)) == 2
    assert name and page.locator("[data-list] li").first.inner_text().startswith(name)
    page.keyboard.press("Delete")
    assert len(drawing(page)) == 1


def test_a_region_can_be_added_by_name_with_a_quality(page, live_server, clinician):
    log_in(page, live_server, "robin")
    page.goto(f"{live_server.url}/reference/differential/")
    page.get_by_label("Quality").select_option("numbness_tingling")
    page.get_by_label("Add a region by name").fill("Temple, right")
    page.get_by_label("Add a region by name").dispatch_event("change")
    assert drawing(page) == [{"id": "temple_r", "intensity": 5, "quality": "numbness_tingling"}]


DRAWINGS = {
    "low_back": ["lumbar_paraspinal_r"],
    "heel": ["plantar_heel_l"],
    "angina": ["pectoral_l", "medial_arm_l", "volar_ulnar_forearm_l", "little_finger_l"],
}


@pytest.mark.parametrize("name", DRAWINGS)
def test_a_drawing_shows_only_candidates_that_explain_it_under_its_hints(
    page, live_server, clinician, name
):
    log_in(page, live_server, "robin")
    for width in (1280, 820):
        page.set_viewport_size({"width": width, "height": 1000})
        page.goto(f"{live_server.url}/reference/differential/")
        for region in DRAWINGS[name]:
            # Dispatched on the region itself: a force click at its centre can land on a
            # smaller region drawn inside it (the nipple inside the chest).
            page.locator(f'path[data-region="{region}"]').first.dispatch_event("click")
        page.locator("[data-candidates] li.candidate").first.wait_for()
        for text in page.locator("[data-candidates] li.candidate").all_inner_texts():
            assert "nothing drawn" not in text
        hints = page.locator("[data-hints] .hint")
        if name == "angina":
            first = hints.first
            assert "Rule out the heart" in first.inner_text()
            assert "Goodman" in first.inner_text()
            # The safety hint stands above the ranking.
            hint_top = first.bounding_box()["y"]
            ranking_top = page.locator("[data-candidates]").bounding_box()["y"]
            assert hint_top < ranking_top
        else:
            assert hints.count() == 0 or "Rule out" not in hints.first.inner_text()
        screenshot(page, f"differential_{name}_{width}")
