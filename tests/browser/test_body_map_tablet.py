"""The body map on a tablet (820 CSS px wide) and with a screen reader: every region has a tap
target of at least 24 x 24 px in the whole figure or in one of its zoomed parts, every region's
name says its side, and the live region says what changed."""

import json

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.factories import make_clinic, make_patient, make_user

TABLET = {"width": 820, "height": 1180}  # an iPad Air in portrait
TARGET = 24  # CSS px, WCAG 2.2 success criterion 2.5.8 (target size, minimum)

# Each region path's drawn size, counted only when the path lies inside its (zoomed) figure.
MEASURE = """figure => {
  const svg = figure.querySelector('svg').getBoundingClientRect();
  return Array.from(figure.querySelectorAll('path.region[data-region]')).map((p, k) => {
    const r = p.getBoundingClientRect();
    const inside = r.left >= svg.left - 0.5 && r.right <= svg.right + 0.5
      && r.top >= svg.top - 0.5 && r.bottom <= svg.bottom + 0.5;
    return {k, id: p.dataset.region, w: r.width, h: r.height, inside};
  });
}"""


@pytest.fixture
def patient_login(transactional_db):
    clinic = make_clinic("Harbourside")
    make_patient(clinic, "Grace", "Hopper", portal_user=make_user("grace"))


def open_intake(page, live_server):
    page.set_viewport_size(TABLET)
    log_in(page, live_server, "grace")
    page.goto(f"{live_server.url}/my/intake/")
    page.get_by_role("heading", name="Where does it hurt?").wait_for()


def best_sizes(page) -> dict[tuple[str, int], tuple[float, str]]:
    """Per region path: its largest min(width, height) over the whole figure and each zoom."""
    best: dict[tuple[str, int], tuple[float, str]] = {}
    for figure in page.locator("[data-figure]").all():
        view = figure.get_attribute("data-figure")
        select = figure.locator("select[data-zoom]")
        parts = select.locator("option").all_inner_texts() if select.count() else [None]
        for part in parts:
            if part is not None:
                select.select_option(label=part)
            for row in figure.evaluate(MEASURE):
                size = min(row["w"], row["h"]) if row["inside"] else 0.0
                key = (f"{view}:{row['id']}", row["k"])
                if size > best.get(key, (-1.0, ""))[0]:
                    best[key] = (size, part or f"whole {view}")
        if select.count():
            select.select_option(index=0)  # back to the whole figure
    return best


def test_every_region_is_a_24_px_target_at_820_px_wide(page, live_server, patient_login):
    open_intake(page, live_server)
    before = {}
    for figure in page.locator("[data-figure]").all():
        for row in figure.evaluate(MEASURE):
            before[row["id"]] = min(row["w"], row["h"])
    small_before = sorted(k for k, v in before.items() if v < TARGET)
    best = best_sizes(page)
    assert len(best) == 268  # every region of the atlas, once
    too_small = {k: v for k, v in best.items() if v[0] < TARGET}
    assert not too_small, too_small
    smallest = min(best.items(), key=lambda item: item[1][0])
    print(f"{len(small_before)} of 268 regions under {TARGET} px in the whole figures; "
          f"with zoom the smallest is {smallest[0][0]} at {smallest[1][0]:.1f} px "
          f"({smallest[1][1]})")  # fmt: skip
    assert len(small_before) > 0  # the zoom is what makes them large enough
    screenshot(page, "bodymap_tablet_whole")


def test_zoom_into_a_hand_and_mark_a_finger(page, live_server, patient_login):
    open_intake(page, live_server)
    front = page.locator("[data-figure='front']")
    front.get_by_label("Zoom the front").select_option(label="Right hand")
    page.locator("[data-announce]").filter(has_text="Right hand: zoomed in").wait_for()
    finger = front.get_by_role("checkbox", name="Ring finger, palm side, right")
    box = finger.bounding_box()
    assert box["width"] >= TARGET and box["height"] >= TARGET
    finger.click()
    screenshot(page, "bodymap_tablet_right_hand")
    assert json.loads(page.locator("#id_drawing").input_value()) == [
        {"id": "ring_finger_r", "intensity": 5}
    ]
    head = page.locator("[data-figure='head']")
    head.get_by_label("Zoom the head").select_option(label="Left side of the head")
    head.get_by_role("checkbox", name="Deep in the ear, left").click()
    screenshot(page, "bodymap_tablet_head_left")
    assert {m["id"] for m in json.loads(page.locator("#id_drawing").input_value())} == {
        "ring_finger_r", "deep_ear_l",
    }  # fmt: skip


def test_every_region_name_says_its_side(page, live_server, patient_login):
    open_intake(page, live_server)
    names = page.evaluate(
        "() => Array.from(document.querySelectorAll('[data-bodymap] path.region'))"
        ".map(p => p.getAttribute('aria-label'))"
    )
    assert len(names) == 268
    sided = (", right", ", left", ", midline", "(midline)")
    assert [n for n in names if not n.endswith(sided)] == []
    for name in ("Jaw joint (TMJ), right", "Front of the neck (over the sternocleidomastoid), left",
                 "Sacrum, midline"):  # fmt: skip
        assert page.get_by_role("checkbox", name=name, exact=True).count() == 1, name
    page.get_by_role("checkbox", name="Jaw joint (TMJ), right", exact=True).click()
    region = page.locator('path[data-region="tmj_r"]')
    # the marked state follows the whole name, side included
    assert region.get_attribute("aria-label") == "Jaw joint (TMJ), right: pain 5 of 10"


def test_the_live_region_says_what_changed_not_the_whole_list(page, live_server, patient_login):
    open_intake(page, live_server)
    status = page.locator("[data-bodymap] [role=status]")
    assert page.locator("[data-bodymap] [data-list]").get_attribute("aria-live") is None
    page.get_by_role("checkbox", name="Sacrum, midline", exact=True).click()
    status.filter(has_text="Sacrum, midline: marked, pain 5 of 10").wait_for()
    page.get_by_role("checkbox", name="Temple, right", exact=True).click()
    status.filter(has_text="Temple, right: marked, pain 5 of 10").wait_for()
    assert "Sacrum" not in status.inner_text()
    page.get_by_role("button", name="More intense: Temple, right").click()
    status.filter(has_text="Temple, right: pain 6 of 10").wait_for()
    page.get_by_role("button", name="Remove Temple, right").click()
    status.filter(has_text="Temple, right: cleared").wait_for()
    page.get_by_role("button", name="Clear all").click()
    status.filter(has_text="All marks cleared").wait_for()
