"""A front-desk colleague filters the exercise library and opens one exercise; screenshots."""

import pytest

from taut.clinics.roles import Role
from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.factories import make_clinic, make_user


@pytest.fixture
def front_desk(transactional_db):
    return make_user("frankie", (make_clinic("Lakeside"), Role.FRONT_DESK))


def test_filter_the_library_and_open_an_exercise(page, live_server, front_desk):
    log_in(page, live_server, "frankie")
    page.goto(f"{live_server.url}/reference/exercises/")
    screenshot(page, "exercise_library")

    page.get_by_label("Kind").select_option("strengthening")
    page.get_by_label("Muscle").select_option("serratus_anterior")
    page.get_by_role("button", name="Show exercises").click()
    card = page.locator(".exercise-card")
    card.first.wait_for()
    assert card.count() == 1
    region = card.locator('path[data-region="lateral_chest_r"].muscle')
    assert region.evaluate("el => getComputedStyle(el).fill") == "rgb(192, 57, 43)"
    screenshot(page, "exercise_library_serratus_strengthening")

    page.get_by_role("link", name="Push-up plus").click()
    page.get_by_role("heading", name="Push-up plus").wait_for()
    assert "2 sets of 10" in page.locator(".dosage").inner_text()
    screenshot(page, "exercise_push_up_plus")
