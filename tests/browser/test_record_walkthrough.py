"""One patient's path through the record: intake with a pain drawing, assessment with the
differential and two trigger points confirmed by palpation, two sessions with signed notes,
and 20561 suggested when three muscles were needled."""

import re

import pytest

from taut.clinics.roles import Role
from taut.episodes.models import ConsentText
from taut.notes.models import ClinicalNote
from taut.treatment.models import TreatmentSession
from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.factories import make_clinic, make_patient, make_user


@pytest.fixture
def patient(transactional_db):
    clinic = make_clinic("Lakeside")
    make_user("robin", (clinic, Role.CLINICIAN))
    ConsentText.objects.create(clinic=clinic, version="v1", text="Dry needling consent.")
    return make_patient(clinic, "Grace", "Hopper")


def pick(page, name, value):
    """Tick a visually hidden 0-10 radio; centred first, clear of the sticky save bar."""
    radio = page.locator(f"input[name={name}][value='{value}']")
    radio.evaluate("e => e.scrollIntoView({block: 'center'})")
    radio.check(force=True)


def submit_session(page):
    page.get_by_role("button", name=re.compile("Save the session|Save session|Save")).last.click()
    confirm = page.get_by_label("I have considered these warnings")
    page.wait_for_load_state()
    if confirm.count():
        confirm.check()
        page.get_by_role(
            "button", name=re.compile("Save the session|Save session|Save")
        ).last.click()
    page.get_by_text("20561").first.wait_for()


def test_intake_assessment_and_two_sessions(page, live_server, patient):
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, "robin")
    base = f"{live_server.url}/patients/{patient.uuid}"

    page.goto(f"{base}/episodes/new/")
    page.locator("[name=title]").fill("Neck pain with temple headaches")
    page.locator("[name=body_area]").select_option("head_neck")
    page.get_by_role("button", name="Open the episode").click()
    episode_url = page.url

    page.get_by_role("link", name="Record consent").first.click()
    page.get_by_role("button", name="Record consent").click()
    page.get_by_text("No consent on file").wait_for(state="detached")

    # Intake: draw the pain on the body map.
    page.get_by_role("link", name="New intake").first.click()
    page.wait_for_load_state()  # the drawing takes clicks once taut.js (deferred) has run
    for region in ("posterolateral_neck_r", "mastoid_r", "temple_r", "jaw_angle_r"):
        page.locator(f'path[data-region="{region}"]').first.click()
    for field, value in (("pain_now", 6), ("pain_best", 3), ("pain_worst", 8)):
        pick(page, field, value)
    page.get_by_role("button", name=re.compile("Save")).last.click()
    page.get_by_role("link", name="Upper trapezius").first.wait_for()
    screenshot(page, "record_intake")

    # Assessment: the differential, and two trigger points confirmed by palpation.
    page.goto(episode_url)
    page.get_by_role("link", name="New assessment").first.click()
    page.get_by_role("button", name="Start the assessment").click()
    for n in range(2):
        page.get_by_role("link", name="Palpate").first.click()
        for box in ("Taut band", "Hypersensitive spot", "Patient recognises the pain"):
            page.get_by_label(box, exact=False).first.check()
        page.get_by_role("button", name="Save finding").click()
        page.get_by_text("Active", exact=True).nth(n).wait_for()
    screenshot(page, "record_assessment")

    # Two sessions, three muscles needled in each; the second copies the first forward.
    for number in range(2):
        page.goto(episode_url)
        page.get_by_role("link", name="New session").first.click()
        pick(page, "pain_before", 6)
        pick(page, "pain_after", 3)
        if number == 0:
            for row, muscle in enumerate(
                ("upper_trapezius", "levator_scapulae", "splenius_capitis")
            ):
                if not page.locator(f"[name=needling-{row}-muscle]").count():
                    page.get_by_role("button", name="Add a muscle").click()
                page.locator(f"[name=needling-{row}-muscle]").select_option(muscle)
                page.locator(f"[name=needling-{row}-side]").select_option("right")
        submit_session(page)
        screenshot(page, f"record_session_{number + 1}")
        page.get_by_role("button", name="Sign", exact=True).click()
        page.get_by_text("Locked: correct it with an addendum").wait_for()

    sessions = TreatmentSession.objects.filter(patient=patient)
    assert sessions.count() == 2
    assert {s.cpt_code() for s in sessions} == {"20561"}
    notes = ClinicalNote.objects.filter(session__in=sessions)
    assert notes.count() == 2 and all(n.is_signed for n in notes)
    screenshot(page, "record_signed")
