"""What the security headers and throttles mean for a person at a browser."""

from datetime import date, timedelta

import pytest

from taut.clinics.roles import Role
from taut.demo import build
from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.factories import make_clinic, make_patient, make_user


@pytest.fixture
def patient(transactional_db):
    clinic = make_clinic("Lakeside")
    make_user("robin", (clinic, Role.CLINICIAN), (clinic, Role.ADMIN))
    return make_patient(clinic, "Grace", "Hopper")


def test_after_logout_the_back_button_does_not_show_the_record(page, live_server, patient):
    log_in(page, live_server, "robin")
    page.goto(f"{live_server.url}/patients/{patient.uuid}/")
    page.get_by_role("heading", name="Grace Hopper").wait_for()
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("heading", name="Log in to Taut").wait_for()
    page.go_back()
    # Not kept in the cache, the page is asked for again, and the server wants a login.
    page.get_by_role("heading", name="Log in to Taut").wait_for()
    assert "Grace Hopper" not in page.content()


def test_a_confirm_question_still_guards_a_destructive_button(page, live_server, patient):
    log_in(page, live_server, "robin")
    page.goto(f"{live_server.url}/patients/{patient.uuid}/")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Archive").click()
    page.wait_for_timeout(200)  # the dismissed dialog must not submit; nothing to wait for
    assert asked == ["Archive Grace Hopper? An admin can restore them later."]
    patient.refresh_from_db()
    assert patient.archived_at is None


@pytest.fixture
def demo_clinic(transactional_db, settings):
    settings.APPOINTMENT_REQUESTS_PER_HOUR = 1
    return build.build()


@pytest.mark.parametrize("width", [1280, 820])
def test_the_public_form_refuses_a_flood_from_one_address(browser, live_server, demo_clinic, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for attempt in range(2):
        page.goto(f"{live_server.url}/c/demo/request/")
        page.get_by_label("Your name").fill("Ada Byron")
        page.get_by_label("Phone").fill(f"(202) 555-01{40 + attempt + width % 7}")
        page.get_by_label("What is the visit for?").select_option(index=1)
        page.get_by_label("Preferred day").fill(str(date.today() + timedelta(days=3)))
        page.get_by_role("button", name="Send the request").click()
        page.wait_for_load_state()
    page.get_by_text("several requests from your network").wait_for()
    assert page.get_by_label("Your name").input_value() == "Ada Byron"
    screenshot(page, f"public_request_throttled_{width}")
    context.close()
