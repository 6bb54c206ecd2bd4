"""A patient uses the portal: reads the home program, downloads its PDF, fills in the NDI and
logs today's pain; then their clinician sees both on the progress page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from taut.clinics.roles import Role
from taut.measures.models import QuestionnaireResponse
from taut.portal.models import PainDiaryEntry
from tests.browser.conftest import SCREENSHOTS, screenshot
from tests.browser.test_patient_flow import log_in
from tests.factories import make_clinic, make_patient, make_user
from tests.measures.factories import NDI_START, make_episode, make_response, make_sessions
from tests.measures.wordings import load_wording
from tests.portal.factories import NECK_PROGRAM, make_appointment, make_diary, make_plan
from tests.portal.pdfs import pages, pdf_text

NDI_NOW = [1, 1, 1, 1, 2, 1, 1, 1, 2, 1]  # 12/50: 24%


@pytest.fixture
def episode(transactional_db):
    clinic = make_clinic("Harbourside")
    clinic.phone = "+12025550199"
    clinic.save()
    erin = make_user("erin", (clinic, Role.CLINICIAN))
    erin.first_name, erin.last_name = "Robin", "Ashcombe"
    erin.save()
    patient = make_patient(clinic, "Grace", "Hopper", portal_user=make_user("grace"))
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    start -= timedelta(weeks=3)
    episode = make_episode(patient, erin, title="Right neck pain and headache",
                           opened_on=start.date())  # fmt: skip
    make_sessions(episode, erin, [(7, 4), (6, 3), (5, 3)], start=start)
    make_response(episode, erin, "ndi", NDI_START, start - timedelta(minutes=10))
    load_wording(clinic, "ndi", erin)  # the clinic's licensed NDI wording (a stand-in here)
    make_plan(
        episode,
        erin,
        NECK_PROGRAM,
        notes="Do the stretches after work, and take a break from the screen every hour.",
    )
    make_diary(patient, episode, [6, 5, 5, 4], end=timezone.localdate() - timedelta(days=1))
    make_appointment(patient, erin, start + timedelta(weeks=3, days=2))
    return episode


def test_a_patient_uses_the_portal_and_the_clinician_sees_it(page, live_server, episode):
    log_in(page, live_server, "grace")
    page.get_by_role("heading", name="Hello Grace").wait_for()
    assert "Follow-up treatment with Robin Ashcombe" in page.content()
    screenshot(page, "portal_home")

    page.get_by_role("link", name="Before your visit: fill in your intake").click()
    page.get_by_role("heading", name="Before your visit: your intake").wait_for()
    screenshot(page, "portal_intake")
    page.get_by_role("link", name="My page").click()

    page.get_by_role("link", name="Open your program").click()
    page.get_by_role("heading", name="Your home exercise program").wait_for()
    assert page.locator(".program-exercise").count() == 6
    assert page.locator(".program-exercise svg").count() == 6
    screenshot(page, "portal_program")

    pdf_link = page.get_by_role("link", name="Printable PDF")
    response = page.context.request.get(live_server.url + pdf_link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    (SCREENSHOTS / "portal_program.pdf").write_bytes(pdf)
    text = " ".join(pdf_text(pdf).split())
    assert "Grace Hopper" in text and "Ear-to-shoulder stretch" in text
    assert "Take the weight off the shoulders" in text and pages(pdf) <= 2

    page.get_by_role("link", name="My page").click()
    page.get_by_role("link", name="Neck Disability Index").click()
    for number, value in enumerate(NDI_NOW, 1):
        row = page.locator(f"#row-item_{number}")
        row.get_by_text(f"Stand-in answer {number}.{value}", exact=True).click()
    screenshot(page, "portal_questionnaire")
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("your NDI answers are saved").wait_for()
    saved = QuestionnaireResponse.objects.filter(by_patient=True).get()
    assert saved.score == 24 and saved.entered_by.username == "grace"
    assert "Your neck disability score went from 44% to 24%: a real improvement." in (
        page.locator(".portal-stories").inner_text()
    )

    page.get_by_role("link", name="Log today's pain").first.click()
    page.locator("#row-pain").get_by_text("3", exact=True).click()
    page.get_by_label("Anything to tell your clinician").fill("Much easier at work today")
    page.get_by_role("button", name="Save today's pain").click()
    page.get_by_text("Saved: pain 3/10").wait_for()
    assert PainDiaryEntry.objects.filter(recorded_on=timezone.localdate(), pain=3).exists()
    screenshot(page, "portal_diary")

    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, "erin")
    page.goto(f"{live_server.url}/patients/{episode.patient.uuid}/progress/")
    page.get_by_role("heading", name="Progress: Grace Hopper").wait_for()
    assert page.get_by_role("img", name="Pain: sessions and the patient's diary").is_visible()
    assert "Much easier at work today" in page.locator("#pain-diary-entries").inner_text()
    assert "Responder: NDI improved by 20 points" in page.locator("#ndi .verdict").inner_text()
    screenshot(page, "portal_clinician_progress")
