"""The path of care between two visits, on the demo clinic, by the three people who walk it:
the front desk books the demo patient, the clinician accepts the proposed plan and assigns
exercises, the patient reads the program, downloads its PDF, fills in the NDI and logs today's
pain, and the clinician sees both on the progress page."""

import pytest
from django.utils import timezone

from taut.clinics.models import Membership
from taut.clinics.roles import Role
from taut.demo import build
from taut.measures.models import QuestionnaireResponse
from taut.patients.models import Patient
from taut.plans.models import TreatmentPlan
from taut.portal.models import PainDiaryEntry
from taut.scheduling.demo import working_day
from taut.scheduling.models import Appointment
from tests.browser.conftest import SCREENSHOTS, screenshot
from tests.measures.wordings import load_wording
from tests.portal.pdfs import pages, pdf_text

PASSWORD = build.PASSWORD
NDI_NOW = [1, 1, 0, 1, 1, 1, 0, 1, 1, 1]  # 8/50: 16%
OWN_EXERCISE = "Shoulder rolls at the desk"


@pytest.fixture
def demo(transactional_db):
    build.build()
    patient = Patient.objects.get(portal_user__username="patient")
    # The clinic's licensed NDI wording, uploaded by its admin (a stand-in: the real wording is
    # never in the repository); without it the NDI is not sent to patients.
    admin = Membership.objects.filter(clinic=patient.clinic, role=Role.ADMIN).first().user
    load_wording(patient.clinic, "ndi", admin)
    return patient


def log_in_demo(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    page.get_by_label("Username").wait_for()


def test_booking_plan_program_questionnaire_and_diary(page, live_server, demo):
    patient = demo
    episode = patient.episodes.get()
    # a weekday, when the demo clinic is open at 16:00, past the demo's booked days
    day = working_day(timezone.localdate(), 9).isoformat()

    # The front desk books the next treatment.
    log_in_demo(page, live_server, "frontdesk")
    page.goto(f"{live_server.url}/schedule/book/?q={patient.family_name}")
    page.get_by_role("link", name="Choose").click()
    page.get_by_label("Appointment type").select_option(label="Treatment (45 min)")
    page.get_by_label("Date").fill(day)
    page.get_by_label("Start time").fill("16:00")
    page.get_by_role("button", name="Book", exact=True).click()
    page.get_by_role("heading", name="Treatment with Robin Ashcombe").wait_for()
    booked = Appointment.objects.get(patient=patient, starts_at__date=day)
    screenshot(page, "care_path_booked")
    log_out(page)

    # The clinician reads the proposal, keeps it, adds an exercise of their own and accepts.
    log_in_demo(page, live_server, "clinician")
    page.goto(f"{live_server.url}/patients/{patient.uuid}/episodes/{episode.pk}/plan/")
    page.get_by_role("link", name="Proposal and why").click()
    page.get_by_role("heading", name="Plan proposal").wait_for()
    screenshot(page, "care_path_proposal")
    page.get_by_role("link", name="Change the plan").click()
    posture = page.locator("fieldset.exercise-row", has_text="Take the weight off the shoulders")
    posture.get_by_label("Prescribe").check()
    own = page.locator("fieldset.exercise-row", has_text="Add your own exercise").first
    own.get_by_label("Name").fill(OWN_EXERCISE)
    own.get_by_label("Kind").select_option(value="posture")
    own.get_by_label("How").fill("Roll both shoulders slowly back and down, ten times an hour.")
    own.get_by_label("Repetitions").fill("10")
    version = TreatmentPlan.objects.filter(episode=episode).count() + 1
    page.get_by_role("button", name=f"Accept as version {version}").click()
    page.get_by_text(f"Plan version {version} accepted.").wait_for()
    screenshot(page, "care_path_plan")
    plan = TreatmentPlan.objects.current().get(episode=episode)
    assigned = [x.name for x in plan.exercises.all()]
    assert plan.version == version and len(assigned) >= 3
    assert {OWN_EXERCISE, "Take the weight off the shoulders"} <= set(assigned)
    log_out(page)

    # The patient sees the visit and the program, downloads it, fills the NDI, logs pain.
    log_in_demo(page, live_server, "patient")
    page.get_by_role("heading", name=f"Hello {patient.given_name}").wait_for()
    assert booked.starts_at.astimezone(timezone.get_current_timezone()).strftime("%H:%M") in (
        page.content()
    )
    page.get_by_role("link", name="Open your program").click()
    page.get_by_role("heading", name="Your home exercise program").wait_for()
    assert page.locator(".program-exercise").count() == len(assigned)
    screenshot(page, "care_path_program")
    href = page.get_by_role("link", name="Printable PDF").get_attribute("href")
    response = page.context.request.get(live_server.url + href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    (SCREENSHOTS / "care_path_program.pdf").write_bytes(response.body())
    text = " ".join(pdf_text(response.body()).split())
    assert patient.full_name in text and all(name in text for name in assigned)
    assert pages(response.body()) <= 2

    page.get_by_role("link", name="My page").click()
    page.get_by_role("link", name="Neck Disability Index").click()
    for number, value in enumerate(NDI_NOW, 1):
        row = page.locator(f"#row-item_{number}")
        row.get_by_text(f"Stand-in answer {number}.{value}", exact=True).click()
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("your NDI answers are saved").wait_for()
    ndi = QuestionnaireResponse.objects.filter(patient=patient, instrument="ndi").latest("pk")
    assert ndi.score == 16 and ndi.by_patient and ndi.entered_by.username == "patient"

    page.get_by_role("link", name="Log today's pain").first.click()
    page.locator("#row-pain").get_by_text("2", exact=True).click()
    page.get_by_label("Anything to tell your clinician").fill("Headache gone since Tuesday")
    page.get_by_role("button", name="Save today's pain").click()
    page.get_by_text("Saved: pain 2/10").wait_for()
    assert PainDiaryEntry.objects.get(patient=patient, recorded_on=timezone.localdate()).pain == 2
    screenshot(page, "care_path_portal")
    log_out(page)

    # The clinician sees the questionnaire and the diary on the progress page.
    log_in_demo(page, live_server, "clinician")
    page.goto(f"{live_server.url}/patients/{patient.uuid}/progress/")
    page.get_by_role("heading", name=f"Progress: {patient.full_name}").wait_for()
    assert "Headache gone since Tuesday" in page.locator("#pain-diary-entries").inner_text()
    assert "16" in page.locator("#ndi").inner_text()
    screenshot(page, "care_path_progress")
