"""Normal range of motion: the norms page names each default's source (neck rotation 80 degrees,
38 CFR 4.71a, note 2), and a neck rotation measured on the assessment page is shown against it."""

import pytest

from taut.clinics.roles import Role
from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.exams.factories import make_assessment, make_episode
from tests.factories import make_clinic, make_patient, make_user

CFR = "38 CFR 4.71a (VA rating schedule, spine), note 2"


@pytest.fixture
def assessment(transactional_db):
    clinic = make_clinic("Lakeside")
    robin = make_user("robin", (clinic, Role.CLINICIAN), (clinic, Role.ADMIN))
    return make_assessment(make_episode(make_patient(clinic), robin), robin)


def test_neck_rotation_is_measured_against_its_sourced_default(page, live_server, assessment):
    log_in(page, live_server, "robin")
    page.goto(f"{live_server.url}/clinic/rom-norms/")
    row = page.get_by_role("row").filter(has_text="Turning the head")
    assert "80°" in row.inner_text() and CFR in row.inner_text()
    screenshot(page, "rom_norms")
    page.set_viewport_size({"width": 820, "height": 1000})
    screenshot(page, "rom_norms_tablet")
    page.set_viewport_size({"width": 1280, "height": 860})

    episode = assessment.episode
    page.goto(
        f"{live_server.url}/patients/{assessment.patient.uuid}/episodes/{episode.pk}"
        f"/assessments/{assessment.pk}/#rom"
    )
    rom = page.get_by_role("region", name="Range of motion")
    rom.get_by_label("Movement").select_option("neck_rotation")
    rom.get_by_label("Side").select_option("left")
    rom.get_by_label("Degrees").fill("60")
    rom.get_by_role("button", name="Add", exact=True).click()
    rows = page.get_by_role("region", name="Range of motion").get_by_role("row")
    measured = rows.filter(has_text="Turning the head")
    assert "80°" in measured.inner_text() and "75 %" in measured.inner_text()
    screenshot(page, "rom_exam")
    page.set_viewport_size({"width": 820, "height": 1000})
    screenshot(page, "rom_exam_tablet")
