"""In a clinic of many clinicians the front desk pages through them on the calendar and the day
sheet, and chooses a few to compare; looked at on a desktop and on a tablet."""

from datetime import time

import pytest

from taut.clinics.roles import Role
from taut.scheduling.models import WorkingHours
from taut.scheduling.picker import PER_PAGE
from tests.browser.conftest import screenshot_both
from tests.browser.test_patient_flow import log_in
from tests.factories import make_clinic, make_patient, make_user
from tests.scheduling.factories import at, make_appointment, make_type

NAMES = ["Ames", "Berg", "Chen", "Diaz", "Eze", "Fox", "Gray", "Hart", "Ito", "Juda", "Kerr",
         "Lund", "Moss", "Nagy"]  # fmt: skip


@pytest.fixture
def clinic(transactional_db):
    clinic = make_clinic("Lakeside")
    make_user("dana", (clinic, Role.FRONT_DESK))
    treatment = make_type(clinic, "Treatment", 45)
    for weekday in range(7):
        WorkingHours.objects.create(clinic=clinic, weekday=weekday, starts=time(8), ends=time(18))
    for n, name in enumerate(NAMES):
        clinician = make_user(name.lower(), (clinic, Role.CLINICIAN))
        clinician.last_name = name
        clinician.save()
        for visit in range(3):
            patient = make_patient(clinic, f"Pat{n}", f"{name}-{visit}")
            make_appointment(patient, clinician, treatment, at(1, 9 + 2 * visit + n % 2))
    return clinic


def test_the_front_desk_pages_through_clinicians_and_chooses_two(page, live_server, clinic):
    log_in(page, live_server, "dana")
    page.goto(f"{live_server.url}/schedule/?date={at(1, 0).date().isoformat()}&view=day")
    page.get_by_role("link", name="Pat0 Ames-0").wait_for()
    screenshot_both(page, "picker_calendar_day")
    page.goto(f"{live_server.url}/schedule/?date={at(1, 0).date().isoformat()}&view=week")
    week = PER_PAGE["week"]
    page.get_by_text(f"All {len(NAMES)} clinicians, 1–{week} shown").wait_for()
    assert page.locator("h3.tgrid-who").count() == 7 * week
    screenshot_both(page, "picker_calendar_week")
    page.get_by_role("link", name="Next clinicians →").first.click()
    page.get_by_text(f"{week + 1}–{2 * week} shown").wait_for()
    assert "view=week" in page.url and "page=2" in page.url
    page.get_by_text("Choose clinicians").click()
    page.get_by_label("Ames").check()
    page.get_by_label("Nagy").check()
    screenshot_both(page, "picker_open")
    page.get_by_role("button", name="Show the chosen").click()
    page.get_by_text("2 chosen clinicians").wait_for()
    assert page.locator("h3.tgrid-who").count() == 14  # two clinicians, seven days
    assert page.url.count("clinician=") == 2
    page.goto(f"{live_server.url}/schedule/today/?date={at(1, 0).date().isoformat()}")
    page.get_by_role("heading", name="Day sheet").wait_for()
    page.get_by_text(f"{3 * PER_PAGE['day']} visits with the clinicians shown").wait_for()
    assert page.locator("table.day-sheet tbody tr").count() == 3 * PER_PAGE["day"]
    screenshot_both(page, "picker_day_sheet")
