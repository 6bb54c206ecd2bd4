"""A drawing that mimics angina: the intake and the assessment pages put the cardiac safety
hint above the differential."""

import re

from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.browser.test_record_walkthrough import patient, pick  # noqa: F401 - the fixture

ANGINA = ("pectoral_l", "medial_arm_l", "volar_ulnar_forearm_l", "little_finger_l")


def above(page, first: str, second: str) -> bool:
    return (
        page.locator(first).first.bounding_box()["y"]
        < page.locator(second).first.bounding_box()["y"]
    )


def test_the_cardiac_hint_stands_above_the_differential(page, live_server, patient):  # noqa: F811
    log_in(page, live_server, "robin")
    base = f"{live_server.url}/patients/{patient.uuid}"
    page.goto(f"{base}/episodes/new/")
    page.locator("[name=title]").fill("Left chest and arm pain")
    page.locator("[name=body_area]").select_option("shoulder_arm")
    page.get_by_role("button", name="Open the episode").click()
    episode_url = page.url

    page.get_by_role("link", name="New intake").first.click()
    # The drawing takes clicks once taut.js (deferred) has run: under load a click dispatched
    # as soon as the region exists was lost, and the intake saved without a drawing.
    page.wait_for_load_state()
    for region in ANGINA:
        page.locator(f'path[data-region="{region}"]').first.dispatch_event("click")
    for field, value in (("pain_now", 6), ("pain_best", 3), ("pain_worst", 8)):
        pick(page, field, value)
    page.get_by_role("button", name=re.compile("Save")).last.click()
    hint = page.locator(".hint-visceral")
    hint.wait_for()
    assert "Rule out the heart" in hint.inner_text()
    assert above(page, ".hint-visceral", "ol.candidates")
    for width in (1280, 820):
        page.set_viewport_size({"width": width, "height": 1000})
        screenshot(page, f"intake_angina_{width}")

    page.goto(episode_url)
    page.get_by_role("link", name="New assessment").first.click()
    page.get_by_role("button", name="Start the assessment").click()
    page.locator(".hint-visceral").wait_for()
    assert above(page, ".hint-visceral", ".candidates-table")
    assert "Caution." in page.locator(".hint-caution").first.inner_text()
    for width in (1280, 820):
        page.set_viewport_size({"width": width, "height": 1000})
        screenshot(page, f"assessment_angina_{width}")
