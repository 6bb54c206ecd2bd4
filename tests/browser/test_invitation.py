"""A new patient joins the portal: the front desk invites them by e-mail, the patient sets a
password from the link, fills in the intake with the body map and a questionnaire whose
licensed wording the clinic has loaded; the front desk sees the invitation accepted."""

import re

import pytest
from django.core import mail

from taut.clinics.roles import Role
from taut.intake.models import Intake
from taut.measures.models import QuestionnaireResponse
from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.factories import make_clinic, make_patient, make_user
from tests.measures.factories import NDI_START, make_episode
from tests.measures.wordings import load_wording

PASSWORD = "lantern-harbour-quiet-42"


@pytest.fixture
def clinic(transactional_db):
    clinic = make_clinic("Harbourside")
    make_user("bea", (clinic, Role.FRONT_DESK))
    robin = make_user("robin", (clinic, Role.CLINICIAN))
    carol = make_user("carol", (clinic, Role.ADMIN))
    ada = make_patient(clinic, "Ada", "Byron", email="ada@example.org")
    make_episode(ada, robin, title="Right neck pain")
    load_wording(clinic, "ndi", carol)
    return clinic


def test_invite_set_a_password_then_intake_and_questionnaire(browser, live_server, clinic):
    desk = browser.new_context(viewport={"width": 1280, "height": 860}).new_page()
    log_in(desk, live_server, "bea")
    desk.get_by_role("heading", name="Today").wait_for()  # the front desk's home: the day sheet
    desk.get_by_role("link", name="Patients", exact=True).click()
    desk.get_by_role("heading", name="Patients").wait_for()
    desk.get_by_role("link", name="Byron, Ada").click()
    desk.get_by_text("No portal login yet.").wait_for()
    desk.get_by_role("link", name="Invite by e-mail").click()
    assert desk.get_by_label("Patient's e-mail address").input_value() == "ada@example.org"
    screenshot(desk, "invite_form")
    desk.get_by_role("button", name="Send the invitation").click()
    desk.get_by_text("Invitation sent to ada@example.org.").wait_for()
    assert "Sent" in desk.locator("ul.invitations").inner_text()
    screenshot(desk, "invite_patient_page")

    link = re.search(r"http://\S+/my/join/\S+/", mail.outbox[0].body).group(0)
    link = live_server.url + link.removeprefix("http://127.0.0.1:8000")
    patient = browser.new_context(viewport={"width": 820, "height": 1180}).new_page()
    patient.set_default_timeout(15_000)
    patient.goto(link)
    patient.get_by_role("heading", name="Your patient portal at Harbourside").wait_for()
    patient.get_by_label("Username").fill("ada.byron")
    patient.locator("#id_password1").fill(PASSWORD)
    patient.locator("#id_password2").fill(PASSWORD)
    screenshot(patient, "invite_join_820")
    patient.get_by_role("button", name="Set up my login").click()
    patient.get_by_text("Welcome. Your portal at Harbourside is ready.").wait_for()
    screenshot(patient, "invite_portal_home_820")

    patient.get_by_role("link", name="Intake form").click()
    patient.get_by_role("heading", name="Where does it hurt?").wait_for()
    patient.get_by_label("Zoom the back").select_option(label="Head and neck")
    patient.get_by_role("checkbox", name="Back and side of the neck, right", exact=True).click()
    patient.locator("#pain_now-field").get_by_text("6", exact=True).click()
    patient.locator("#pain_best-field").get_by_text("3", exact=True).click()
    patient.locator("#pain_worst-field").get_by_text("8", exact=True).click()
    patient.locator("#onset-field").get_by_text("Gradual", exact=True).click()
    patient.get_by_label("What would you like to be able to do again?").fill("Drive to work")
    patient.get_by_role("button", name="Send my intake").click()
    patient.get_by_text("your intake is saved").wait_for()
    intake = Intake.objects.get()
    assert [m["id"] for m in intake.drawing] == ["posterolateral_neck_r"]

    patient.get_by_role("link", name="Neck Disability Index").click()
    patient.get_by_role("heading", name="Stand-in NDI").wait_for()
    for number, value in enumerate(NDI_START, 1):
        row = patient.locator(f"#row-item_{number}")
        row.get_by_text(f"Stand-in answer {number}.{value}", exact=True).click()
    screenshot(patient, "invite_questionnaire_820")
    patient.get_by_role("button", name="Send my answers").click()
    patient.get_by_text("your NDI answers are saved").wait_for()
    saved = QuestionnaireResponse.objects.get()
    assert saved.score == 44 and saved.source == "portal" and saved.wording.version == 1
    assert saved.entered_by.username == "ada.byron"

    desk.reload()
    assert "Accepted" in desk.locator("ul.invitations").inner_text()
    assert "Portal login: ada.byron" in desk.locator(".portal-access").inner_text()
    screenshot(desk, "invite_accepted_patient_page")
