"""Mistakes corrected the way health records correct them, and two people never overwriting
each other: sign a session, amend the muscle, and find the amendment everywhere the session is
read; a stale save of demographics lands on the conflict page."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from taut.clinics.roles import Role
from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.episodes.factories import make_consent, make_consent_text, make_episode, make_intake
from tests.factories import make_clinic, make_patient, make_user
from tests.treatment.factories import make_session, make_session_note


@pytest.fixture
def session(transactional_db):
    clinic = make_clinic("Lakeside")
    erin = make_user("erin", (clinic, Role.CLINICIAN))
    make_user("fred", (clinic, Role.FRONT_DESK))
    patient = make_patient(clinic, "Grace", "Hopper")
    episode = make_episode(patient, erin)
    make_intake(episode, erin)
    make_consent(episode, make_consent_text(clinic), erin)
    session = make_session(episode, erin, needled=[("temporalis", "left")])
    make_session_note(session)
    return session


def session_url(live_server, session, suffix=""):
    return (f"{live_server.url}/patients/{session.patient.uuid}/episodes/{session.episode_id}"
            f"/sessions/{session.pk}/{suffix}")  # fmt: skip


def test_sign_then_amend_the_muscle(page, live_server, session):
    log_in(page, live_server, "erin")
    page.goto(session_url(live_server, session))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sign", exact=True).click()
    page.get_by_text("Note signed: it is now locked.").wait_for()

    page.get_by_role("link", name="Amend the session").click()
    page.get_by_role("heading", name="Amend the session of").wait_for()
    # temporalis was recorded; masseter, splenius capitis and sternocleidomastoid were needled
    for row, muscle in enumerate(("masseter_superficial", "splenius_capitis",
                                  "sternocleidomastoid_sternal")):  # fmt: skip
        page.locator(f"#id_needling-{row}-muscle").select_option(muscle)
        page.locator(f"#id_needling-{row}-side").select_option("left")
    page.get_by_label("Reason for the amendment").fill("Masseter was needled, not temporalis.")
    screenshot(page, "session_amend")
    page.get_by_role("button", name="Amend the session").click()
    page.get_by_text("Session amended:").wait_for()

    treated = page.locator("#treatment").inner_text()
    assert "Masseter" in treated and "Temporalis" not in treated
    assert "CPT 20561 dry needling, 3 muscles" in page.locator("#billing").inner_text()
    assert "Reason: Masseter was needled, not temporalis." in page.content()  # the addendum

    day = timezone.localdate(session.performed_at)
    csv = page.request.get(
        f"{live_server.url}/billing/export.csv?from={day - timedelta(days=1)}&to={day}"
    ).text()
    assert ",20561,3," in csv  # the billing line: the amended code and muscle count

    bundle = json.loads(page.request.get(
        f"{live_server.url}/fhir/patients/{session.patient.uuid}/bundle.json").text()
    )  # fmt: skip
    procedures = [e["resource"] for e in bundle["entry"]
                  if e["resource"]["resourceType"] == "Procedure"]  # fmt: skip
    sites = json.dumps([p.get("bodySite") for p in procedures]).lower()
    assert "masseter" in sites and "temporalis" not in sites

    page.goto(f"{live_server.url}/exports/")
    page.get_by_label("Treatment sessions (one row per session, with codes)").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig").lower()
    assert "masseter" in text and "temporalis" not in text

    page.goto(session_url(live_server, session, "history/"))
    versions = page.locator(".history-version")
    assert versions.count() == 2
    assert "Masseter" in versions.nth(0).inner_text()
    assert "Masseter was needled, not temporalis." in versions.nth(0).inner_text()
    assert "Temporalis" in versions.nth(1).inner_text()
    screenshot(page, "session_history")
    page.set_viewport_size({"width": 820, "height": 1100})
    screenshot(page, "session_history_tablet")


def test_a_stale_save_of_demographics_lands_on_the_conflict_page(browser, live_server, session):
    patient = session.patient
    url = f"{live_server.url}/patients/{patient.uuid}/edit/"
    pages = []
    for user in ("erin", "fred"):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        log_in(page, live_server, user)
        page.goto(url)
        pages.append(page)
    first, second = pages
    first.get_by_label("Phone").fill("+1 202 555 0199")
    first.get_by_role("button", name="Save changes").click()
    first.get_by_text("Changes saved").wait_for()

    second.get_by_label("Address").fill("1 Navy Way\nArlington VA")
    second.get_by_role("button", name="Save changes").click()
    second.get_by_role("heading", name="not saved").wait_for()
    table = second.locator(".conflict-table").inner_text()
    assert "Phone" in table and "Address" in table
    screenshot(second, "conflict_page")
    second.set_viewport_size({"width": 820, "height": 900})
    screenshot(second, "conflict_page_tablet")
    second.get_by_role("button", name="Save the merged version").click()
    second.get_by_text("Changes saved").wait_for()
    patient.refresh_from_db()
    assert patient.phone == "+12025550199" and patient.address == "1 Navy Way\r\nArlington VA"
    for page in pages:
        page.context.close()


def test_enter_in_the_region_search_adds_the_region_and_submits_nothing(page, live_server,
                                                                        session):  # fmt: skip
    log_in(page, live_server, "erin")
    url = (f"{live_server.url}/patients/{session.patient.uuid}/episodes/{session.episode_id}"
           "/intake/new/")  # fmt: skip
    page.goto(url)
    search = page.get_by_label("Add a region by name")
    name = page.locator("datalist option").first.get_attribute("value")
    search.fill(name)
    search.press("Enter")
    marked = page.locator("[data-list]")
    marked.get_by_text(name.split(" (")[0], exact=False).first.wait_for()
    assert page.url == url  # the intake was not submitted
    target = page.locator("[data-intensity-target]").first.inner_text()
    assert target.startswith("Applies to ") and "last marked" in target
    screenshot(page, "intake_bodymap_enter")


def test_saving_one_section_of_the_assessment_keeps_the_others(
    page, live_server, session, icd10_codes
):
    from tests.exams.factories import make_assessment

    assessment = make_assessment(session.episode, session.clinician)
    log_in(page, live_server, "erin")
    url = (f"{live_server.url}/patients/{session.patient.uuid}/episodes/{session.episode_id}"
           f"/assessments/{assessment.pk}/")  # fmt: skip
    page.goto(url)
    page.locator("#rom_rom-movement").select_option("neck_flexion")
    page.locator("#rom_rom-degrees").fill("35")
    page.get_by_role("textbox", name="Other findings").fill("Forward head posture.")
    page.get_by_label("M79.12", exact=False).first.check()
    page.get_by_role("button", name="Save diagnoses").click()
    page.get_by_text("Diagnoses saved.").wait_for()
    assessment.refresh_from_db()
    assert assessment.findings_note == "Forward head posture."
    assert list(assessment.rom.values_list("degrees", flat=True)) == [35]
    assert assessment.diagnosis_codes() == ["M79.12"]
    screenshot(page, "assessment_page")
    page.set_viewport_size({"width": 820, "height": 1100})
    screenshot(page, "assessment_page_tablet")
    page.goto(url + "history/")
    assert page.locator(".history-version").count() == 2
    screenshot(page, "assessment_history_tablet")


def test_a_code_found_by_search_is_saved_with_the_rest_of_the_assessment(
    page, live_server, session, icd10_codes
):
    from tests.exams.factories import make_assessment

    assessment = make_assessment(session.episode, session.clinician)
    log_in(page, live_server, "erin")
    page.goto(f"{live_server.url}/patients/{session.patient.uuid}/episodes/{session.episode_id}"
              f"/assessments/{assessment.pk}/")  # fmt: skip
    page.get_by_label("Search the ICD-10-CM code set").fill("neck pain")
    page.get_by_label("Search the ICD-10-CM code set").press("Enter")  # the search, not a save
    page.get_by_label("M54.2 Cervicalgia").wait_for()
    assessment.refresh_from_db()
    assert assessment.version == 1 and assessment.diagnosis_codes() == []
    page.get_by_label("M54.2 Cervicalgia").check()
    page.get_by_role("textbox", name="Other findings").fill("Forward head posture.")
    page.get_by_role("button", name="Save diagnoses").click()
    page.get_by_text("Diagnoses saved.").wait_for()
    assessment.refresh_from_db()
    assert assessment.diagnosis_codes() == ["M54.2"]
    assert assessment.findings_note == "Forward head posture."
    screenshot(page, "assessment_diagnosis_search")
    page.set_viewport_size({"width": 820, "height": 1100})
    screenshot(page, "assessment_diagnosis_search_tablet")
