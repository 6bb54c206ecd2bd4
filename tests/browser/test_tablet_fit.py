"""The chart's patient and session pages fit a tablet held upright (820 px): a long e-mail
address wraps inside its card, and the session's tables scroll inside theirs rather than widen
the page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from taut.clinics.roles import Role
from tests.browser.conftest import TABLET, screenshot_both
from tests.browser.test_patient_flow import log_in
from tests.episodes.factories import make_episode
from tests.factories import make_clinic, make_patient, make_user
from tests.treatment.factories import make_session


@pytest.fixture
def session(transactional_db):
    clinic = make_clinic("Lakeside")
    erin = make_user("erin", (clinic, Role.CLINICIAN))
    patient = make_patient(
        clinic, "Bartholomew", "Featherstonehaugh", phone="+12025550143",
        email="bartholomew.featherstonehaugh@longdomainname-example.org",
        address="Flat 12, 140 Kensington Park Gardens",
    )  # fmt: skip
    yesterday = timezone.now() - timedelta(days=1)
    needled = [("serratus_posterior_superior", "right"), "upper_trapezius", "levator_scapulae"]
    return make_session(make_episode(patient, erin), erin, needled=needled, performed_at=yesterday)


def fits_a_tablet(page) -> bool:
    page.set_viewport_size(TABLET)
    fits = page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
    return fits


def test_the_patient_and_session_pages_fit_a_tablet(page, live_server, session):
    log_in(page, live_server, "erin")
    patient = f"{live_server.url}/patients/{session.patient.uuid}/"
    page.goto(patient)
    assert fits_a_tablet(page)
    screenshot_both(page, "tablet_fit_patient")
    page.goto(f"{patient}episodes/{session.episode_id}/sessions/{session.pk}/")
    assert fits_a_tablet(page)
    screenshot_both(page, "tablet_fit_session")
