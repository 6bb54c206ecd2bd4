"""The front desk opens a time for online booking; the patient books it on the portal and
cancels it; each page at desktop and tablet width."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from taut.clinics.roles import Role
from taut.scheduling.models import Appointment
from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.factories import make_clinic, make_patient, make_user
from tests.scheduling.factories import make_type


@pytest.fixture
def clinic(transactional_db):
    clinic = make_clinic("Harbourside")
    clinic.phone = "+12025550199"
    clinic.save()
    make_user("bea", (clinic, Role.FRONT_DESK))
    robin = make_user("robin", (clinic, Role.CLINICIAN))
    robin.first_name, robin.last_name = "Robin", "Ashcombe"
    robin.save()
    make_type(clinic, "Treatment", 45)
    make_patient(clinic, "Grace", "Hopper", email="grace@example.org",
                 portal_user=make_user("grace"))  # fmt: skip
    return clinic


def both_widths(page, name):
    for label, width in (("desktop", 1280), ("tablet", 820)):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"{name}_{label}")


def test_open_a_time_then_the_patient_books_and_cancels_it(browser, live_server, clinic):
    day = timezone.localdate() + timedelta(days=4)
    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(desk, live_server, "bea")
    desk.goto(f"{live_server.url}/schedule/online/")
    desk.get_by_label("Appointment type").select_option(label="Treatment (45 min)")
    desk.get_by_label("Date").fill(f"{day:%Y-%m-%d}")
    desk.get_by_label("Start time").fill("10:00")
    desk.get_by_role("button", name="Open for booking").click()
    desk.get_by_text("The time is open for online booking.").wait_for()
    both_widths(desk, "online_slots")

    patient = browser.new_context(viewport={"width": 820, "height": 1180}).new_page()
    log_in(patient, live_server, "grace")
    patient.get_by_role("link", name="Appointments").click()
    patient.get_by_role("button", name="Treatment (45 min) with Robin Ashcombe").click()
    patient.get_by_text("A confirmation is on its way by e-mail.").wait_for()
    assert mail.outbox[0].attachments[0][0] == "appointment.ics"
    both_widths(patient, "portal_appointments")
    patient.get_by_role("button", name="Cancel").click()
    patient.get_by_text("Your appointment is cancelled.").wait_for()
    assert Appointment.objects.get().status == "cancelled"
    # the time is open again
    assert patient.get_by_role("button", name="Treatment (45 min) with Robin Ashcombe").count() == 1
