"""The front desk logs in to today's day sheet and checks a patient in."""

from datetime import timedelta

import pytest
from django.utils import timezone

from taut.clinics.roles import Role
from taut.scheduling.models import Appointment
from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.factories import make_clinic, make_patient, make_user
from tests.scheduling.factories import make_appointment, make_type


@pytest.fixture
def clinic(transactional_db):
    clinic = make_clinic("Lakeside")
    make_user("dana", (clinic, Role.FRONT_DESK))
    robin = make_user("robin", (clinic, Role.CLINICIAN))
    treatment = make_type(clinic, "Treatment", 45)
    # Starting this very moment, so the sheet is today's whatever the hour the test runs.
    now = timezone.now()
    earlier = now - timedelta(hours=2)
    make_appointment(make_patient(clinic, "Grace", "Hopper"), robin, treatment, now, now=earlier)
    return clinic


def test_the_front_desk_lands_on_today_and_checks_a_patient_in(page, live_server, clinic):
    log_in(page, live_server, "dana")
    page.get_by_role("heading", name="Today").wait_for()
    page.get_by_role("button", name="Check in Grace Hopper").click()
    page.get_by_text("Grace Hopper is checked in.").wait_for()
    assert Appointment.objects.get().arrived_at is not None
    screenshot(page, "day_sheet_desktop")
    page.set_viewport_size({"width": 820, "height": 1180})
    page.reload()
    screenshot(page, "day_sheet_tablet")
