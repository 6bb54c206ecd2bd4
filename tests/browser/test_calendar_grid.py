"""The front desk books by clicking a free slot on the grid, drags an appointment to move it,
and finds the next free slot; the grid is looked at on a desktop and on a tablet."""

from datetime import time

import pytest

from taut.accounts.models import User
from taut.clinics.roles import Role
from taut.scheduling.models import Appointment, WorkingHours
from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.factories import make_clinic, make_patient, make_user
from tests.scheduling.factories import at, make_appointment, make_type

TABLET = {"width": 820, "height": 1180}
TALL = {"width": 1280, "height": 1800}  # the whole day in view, so a drag needs no scrolling


@pytest.fixture
def clinic(transactional_db):
    clinic = make_clinic("Lakeside")
    make_user("dana", (clinic, Role.FRONT_DESK))
    robin = make_user("robin", (clinic, Role.CLINICIAN))
    sam = make_user("sam", (clinic, Role.CLINICIAN))
    kim = make_user("kim", (clinic, Role.CLINICIAN))
    for weekday in range(7):
        for starts, ends in ((time(8), time(12, 30)), (time(13, 30), time(18))):
            WorkingHours.objects.create(clinic=clinic, weekday=weekday, starts=starts, ends=ends)
        WorkingHours.objects.create(
            clinic=clinic, clinician=kim, weekday=weekday, starts=time(12), ends=time(18)
        )
    treatment = make_type(clinic, "Treatment", 45)
    make_type(clinic, "Initial assessment", 60, kind="initial")
    grace = make_patient(clinic, "Grace", "Hopper", phone="+12025550111")
    make_patient(clinic, "Alan", "Turing")
    make_appointment(grace, robin, treatment, at(1, 9))
    make_appointment(make_patient(clinic, "Ada", "Lovelace"), sam, treatment, at(1, 10, 30))
    make_appointment(make_patient(clinic, "Emmy", "Noether"), kim, treatment, at(1, 14))
    return clinic


def tomorrow() -> str:
    return at(1, 0).date().isoformat()


def test_the_grid_at_desktop_and_tablet_width(page, live_server, clinic):
    log_in(page, live_server, "dana")
    page.goto(f"{live_server.url}/schedule/?date={tomorrow()}&view=day")
    page.get_by_role("link", name="Grace Hopper").wait_for()
    screenshot(page, "calendar_grid_day_desktop")
    page.set_viewport_size(TABLET)
    page.reload()
    screenshot(page, "calendar_grid_day_tablet")
    page.goto(f"{live_server.url}/schedule/?date={tomorrow()}&view=week")
    screenshot(page, "calendar_grid_week_tablet")
    page.set_viewport_size({"width": 1280, "height": 860})
    page.reload()
    screenshot(page, "calendar_grid_week_desktop")


def test_booking_by_clicking_a_free_slot(page, live_server, clinic):
    log_in(page, live_server, "dana")
    page.goto(f"{live_server.url}/schedule/?date={tomorrow()}&view=day")
    day = at(1, 0).strftime("%a %-d %b")
    page.get_by_role("link", name=f"Book Sam, {day} 15:00").click()
    page.get_by_label("Find the patient").fill("turing")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Choose").click()
    assert page.get_by_label("Start time").input_value() == "15:00"
    page.get_by_label("Appointment type").select_option(label="Treatment (45 min)")
    page.get_by_role("button", name="Book", exact=True).click()
    page.get_by_role("heading", name="Treatment with Sam").wait_for()
    booked = Appointment.objects.get(patient__family_name="Turing")
    assert booked.clinician.username == "sam" and booked.starts_at == at(1, 15)


def drag(page, block, target):
    page.set_viewport_size(TALL)
    box, goal = block.bounding_box(), target.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 8)
    page.mouse.down()
    page.mouse.move(goal["x"] + 20, goal["y"] + 8, steps=8)
    page.mouse.up()


def cell(page, username, hhmm):
    clinician = User.objects.get(username=username)
    return page.locator(f'.cell[data-clinician="{clinician.pk}"][data-time="{hhmm}"]')


def test_dragging_an_appointment_moves_it(page, live_server, clinic):
    log_in(page, live_server, "dana")
    page.goto(f"{live_server.url}/schedule/?date={tomorrow()}&view=day")
    drag(page, page.get_by_role("link", name="Grace Hopper"), cell(page, "sam", "11:30"))
    page.get_by_text("Moved to").wait_for()
    moved = Appointment.objects.get(patient__family_name="Hopper")
    assert moved.clinician.username == "sam" and moved.starts_at == at(1, 11, 30)
    assert "view=day" in page.url  # back on the grid


def test_dragging_the_lower_edge_makes_it_longer(page, live_server, clinic):
    log_in(page, live_server, "dana")
    page.goto(f"{live_server.url}/schedule/?date={tomorrow()}&view=day")
    block = page.get_by_role("link", name="Grace Hopper").locator(".resize")
    drag(page, block, cell(page, "robin", "10:00"))
    page.get_by_text("Moved to").wait_for()
    assert Appointment.objects.get(patient__family_name="Hopper").minutes == 75


def test_a_refused_drag_shows_why(page, live_server, clinic):
    log_in(page, live_server, "dana")
    page.goto(f"{live_server.url}/schedule/?date={tomorrow()}&view=day")
    drag(page, page.get_by_role("link", name="Grace Hopper"), cell(page, "sam", "10:30"))
    page.get_by_text("Sam is already booked").wait_for()
    assert Appointment.objects.get(patient__family_name="Hopper").starts_at == at(1, 9)


def test_free_slot_search_books_the_first_free_time(page, live_server, clinic):
    log_in(page, live_server, "dana")
    page.goto(f"{live_server.url}/schedule/free/")
    page.get_by_label("Appointment type").select_option(label="Initial assessment (60 min)")
    page.get_by_label("Clinician").select_option(label="Kim")
    page.get_by_label("From").fill(tomorrow())
    page.get_by_role("button", name="Find").click()
    rows = page.locator("table.free-slots tbody tr")
    rows.first.wait_for()
    # Kim works from 12:00, the clinic closes 12:30-13:30 for lunch, Emmy is booked 14:00-14:45:
    # neither 12:00 nor 13:30 leaves an hour free
    assert rows.nth(0).get_by_role("cell").first.inner_text().endswith("14:45–15:45")
    screenshot(page, "calendar_free_slots")
    rows.nth(0).get_by_role("link", name="Book").click()
    page.get_by_label("Find the patient").fill("turing")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Choose").click()
    assert page.get_by_label("Start time").input_value() == "14:45"
    page.get_by_role("button", name="Book", exact=True).click()
    page.get_by_role("heading", name="Initial assessment with Kim").wait_for()


def test_a_weekly_series_is_booked_and_a_clash_books_none(page, live_server, clinic):
    robin = User.objects.get(username="robin")
    ada = Appointment.objects.get(patient__family_name="Lovelace").patient
    make_appointment(ada, robin, Appointment.objects.first().type, at(15, 15))  # week 3
    log_in(page, live_server, "dana")
    page.goto(f"{live_server.url}/schedule/?date={tomorrow()}&view=day")
    day = at(1, 0).strftime("%a %-d %b")
    page.get_by_role("link", name=f"Book Robin, {day} 15:00").click()
    page.get_by_label("Find the patient").fill("turing")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Choose").click()
    page.get_by_label("Appointment type").select_option(label="Treatment (45 min)")
    page.get_by_label("Weekly for (weeks)").fill("4")
    page.get_by_role("button", name="Book", exact=True).click()
    page.get_by_text("1 of the weekly visits clash, so none was booked").wait_for()
    screenshot(page, "calendar_series_clash")
    assert not Appointment.objects.filter(patient__family_name="Turing").exists()
    page.get_by_label("Weekly for (weeks)").fill("2")
    page.get_by_role("button", name="Book", exact=True).click()
    page.get_by_role("heading", name="Weekly series").wait_for()
    booked = Appointment.objects.filter(patient__family_name="Turing").order_by("starts_at")
    assert [a.starts_at for a in booked] == [at(1, 15), at(8, 15)]
