"""The front desk books a patient through the calendar, a double booking is refused on screen,
and the public page reads well on a phone and on a desktop."""

import pytest

from taut.clinics.roles import Role
from taut.demo import build
from taut.scheduling.models import Appointment
from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.factories import make_clinic, make_patient, make_user
from tests.scheduling.factories import at, make_type

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}


@pytest.fixture
def clinic(transactional_db):
    clinic = make_clinic("Lakeside")
    make_user("dana", (clinic, Role.FRONT_DESK))
    make_user("robin", (clinic, Role.CLINICIAN))
    make_type(clinic, "Treatment", 45)
    make_patient(clinic, "Grace", "Hopper", phone="+12025550111")
    make_patient(clinic, "Alan", "Turing")
    return clinic


def test_the_front_desk_books_and_a_double_booking_is_refused(page, live_server, clinic):
    log_in(page, live_server, "dana")
    day = at(1, 0).date().isoformat()
    page.goto(f"{live_server.url}/schedule/?date={day}&view=day")
    page.get_by_role("link", name="Book an appointment").click()
    page.get_by_label("Find the patient").fill("hopper")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Choose").click()
    page.get_by_label("Appointment type").select_option(label="Treatment (45 min)")
    page.get_by_label("Date").fill(day)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_role("button", name="Book", exact=True).click()
    page.get_by_role("heading", name="Treatment with Robin").wait_for()
    assert Appointment.objects.get().patient.family_name == "Hopper"

    page.goto(f"{live_server.url}/schedule/book/?q=turing")
    page.get_by_role("link", name="Choose").click()
    page.get_by_label("Date").fill(day)
    page.get_by_label("Start time").fill("10:30")
    page.get_by_role("button", name="Book", exact=True).click()
    page.get_by_text("Robin is already booked").wait_for()
    assert Appointment.objects.count() == 1
    screenshot(page, "schedule_double_booking_refused")

    page.goto(f"{live_server.url}/schedule/?date={day}")
    page.get_by_text("Grace Hopper").wait_for()
    screenshot(page, "schedule_week")


@pytest.fixture
def demo_clinic(transactional_db):
    return build.build()


@pytest.mark.parametrize("name, viewport", [("phone", PHONE), ("desktop", DESKTOP)])
def test_the_public_page_on_a_phone_and_a_desktop(
    browser, live_server, demo_clinic, name, viewport
):
    context = browser.new_context(viewport=viewport, is_mobile=name == "phone")
    page = context.new_page()
    page.goto(f"{live_server.url}/c/demo/")
    call = page.locator(".call-bar .call-button" if name == "phone" else ".head-call")
    assert call.is_visible() and call.get_attribute("href") == "tel:+12025550199"
    box = call.bounding_box()
    if name == "phone":  # wide and tall enough to hit with a thumb, at the bottom of the screen
        assert box["width"] > 300 and box["height"] >= 48 and box["y"] > PHONE["height"] - 120
    page.screenshot(path=str(screenshot(page, f"public_page_{name}")), full_page=False)
    screenshot(page, f"public_page_{name}_full")
    context.close()


def test_a_bad_request_keeps_what_was_typed(browser, live_server, demo_clinic):
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/c/demo/request/")
    page.get_by_label("Your name").fill("Ada Byron")
    page.get_by_label("Preferred day").fill("2001-01-01")
    page.get_by_label("Anything we should know? (optional)").fill("Stiff neck")
    page.get_by_role("button", name="Send the request").click()
    page.get_by_text("Everything you typed is still here").wait_for()
    assert page.get_by_label("Your name").input_value() == "Ada Byron"
    assert page.get_by_text("This day has passed").is_visible()
    screenshot(page, "public_request_errors_phone")
    context.close()


def test_the_front_desk_books_from_a_request_and_the_admin_sees_the_page_settings(
    page, live_server, demo_clinic
):
    log_in_demo(page, live_server, "frontdesk")
    page.goto(f"{live_server.url}/schedule/requests/")
    screenshot(page, "schedule_requests")
    page.get_by_role("link", name="Jordan Ellery").click()
    page.get_by_role("heading", name="Decline it").wait_for()
    page.get_by_role("link", name="Find another patient and book").click()
    screenshot(page, "schedule_book_from_request")
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Log out").click()
    log_in_demo(page, live_server, "admin")
    page.goto(f"{live_server.url}/schedule/clinic/")
    page.get_by_label("Publish the public page").wait_for()
    screenshot(page, "schedule_clinic_settings")


def log_in_demo(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(build.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
