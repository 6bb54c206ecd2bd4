"""A clinician looks up referral patterns; screenshots of the figures and three muscle pages."""

import pytest

from taut.clinics.roles import Role
from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.factories import make_clinic, make_user


@pytest.fixture
def clinician(transactional_db):
    clinic = make_clinic("Lakeside")
    return make_user("robin", (clinic, Role.CLINICIAN))


@pytest.mark.parametrize(
    "muscle_id, essential_region",
    [
        ("upper_trapezius", "temple_r"),
        ("infraspinatus", "anterior_shoulder_r"),
        ("gluteus_minimus_anterior", "lateral_thigh_r"),
        ("gluteus_minimus_posterior", "posterior_thigh_r"),
    ],
)
def test_muscle_pages_draw_the_referral_zones(
    page, live_server, clinician, muscle_id, essential_region
):
    log_in(page, live_server, "robin")
    page.goto(f"{live_server.url}/reference/muscles/{muscle_id}/")
    zone = page.locator(f'path[data-region="{essential_region}"].essential').first
    zone.wait_for()
    assert zone.evaluate("el => getComputedStyle(el).fill") == "rgb(192, 57, 43)"
    screenshot(page, f"muscle_{muscle_id}")


def test_search_by_area_from_the_index(page, live_server, clinician):
    log_in(page, live_server, "robin")
    page.goto(f"{live_server.url}/reference/")
    page.get_by_label("Search muscles or body areas").fill("heel")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Soleus").first.wait_for()
    screenshot(page, "reference_search_heel")
