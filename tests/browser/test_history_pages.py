"""The pages of issue 15's last gaps, as a clinic uses them: a patient's history, an
assessment signed then amended with its history, a correction refused at a closed site, and
the conflict page of the clinic's normal values. Each page is screenshot at desktop and
tablet width."""

import pytest

from taut.clinics.roles import Role
from taut.exams.models import RomNorm
from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.episodes.factories import make_consent, make_consent_text, make_episode, make_intake
from tests.exams.factories import make_assessment
from tests.factories import make_clinic, make_patient, make_user
from tests.treatment.factories import make_session, make_session_note

TABLET = {"width": 820, "height": 1180}


@pytest.fixture
def clinic(transactional_db):
    clinic = make_clinic("Lakeside")
    erin = make_user("erin", (clinic, Role.CLINICIAN))
    make_user("fred", (clinic, Role.FRONT_DESK))
    make_user("gina", (clinic, Role.ADMIN))
    patient = make_patient(clinic, "Grace", "Hopper", phone="+12025550111")
    episode = make_episode(patient, erin)
    make_intake(episode, erin, site_contraindications=["lymphoedema:arm_l"])
    make_consent(episode, make_consent_text(clinic), erin)
    return clinic, patient, episode, erin


def both_widths(page, name):
    screenshot(page, f"{name}_desktop")
    page.set_viewport_size(TABLET)
    screenshot(page, f"{name}_tablet")
    page.set_viewport_size({"width": 1280, "height": 860})


def test_the_front_desk_reads_who_changed_a_patients_details(page, live_server, clinic):
    _, patient, _, _ = clinic
    log_in(page, live_server, "fred")
    page.goto(f"{live_server.url}/patients/{patient.uuid}/edit/")
    page.get_by_label("Phone").fill("(202) 555-0199")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Changes saved.").wait_for()
    page.get_by_role("link", name="History of these details").click()
    page.get_by_role("heading", name="History: Grace Hopper").wait_for()
    assert "“+12025550111” became “+12025550199”" in page.locator("#v2").inner_text()
    both_widths(page, "patient_history")


def test_sign_an_assessment_then_amend_it_with_a_reason(page, live_server, clinic):
    _, patient, episode, erin = clinic
    assessment = make_assessment(episode, erin)
    url = (f"{live_server.url}/patients/{patient.uuid}/episodes/{episode.pk}/assessments/"
           f"{assessment.pk}/")  # fmt: skip
    log_in(page, live_server, "erin")
    page.goto(url)
    page.locator("#assessment_findings_note").fill("Tender over the left upper trapezius.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Other findings saved.").wait_for()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sign the assessment").click()
    page.get_by_text("Assessment signed.").wait_for()
    page.locator("#assessment_findings_note").fill("Tender over the right upper trapezius.")
    page.get_by_label("Reason for the amendment").fill("Right side, not left.")
    both_widths(page, "assessment_amend")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Other findings saved.").wait_for()
    page.get_by_role("link", name="History of this assessment").click()
    latest = page.locator(".history-version").first.inner_text()
    assert "Right side, not left." in latest and "by" in latest
    both_widths(page, "assessment_history")


def test_an_amendment_into_a_limb_with_lymphoedema_is_refused(page, live_server, clinic):
    _, patient, episode, erin = clinic
    session = make_session(episode, erin, needled=[("biceps_brachii", "right")])
    make_session_note(session)
    log_in(page, live_server, "erin")
    page.goto(f"{live_server.url}/patients/{patient.uuid}/episodes/{episode.pk}/sessions/"
              f"{session.pk}/edit/")  # fmt: skip
    page.locator("#id_needling-0-side").select_option("left")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Needling refused at a closed site; nothing was saved").wait_for()
    both_widths(page, "session_edit_refused")


def test_a_stale_normal_value_lands_on_the_conflict_page(page, live_server, clinic):
    clinic_, *_ = clinic
    norm = RomNorm.objects.create(clinic=clinic_, movement="neck_flexion", degrees=50,
                                  source="Clinic protocol 2024")  # fmt: skip
    log_in(page, live_server, "gina")
    page.goto(f"{live_server.url}/clinic/rom-norms/?movement=neck_flexion")
    both_widths(page, "rom_norms_fixed")
    RomNorm.objects.filter(pk=norm.pk).update(degrees=45, source="Clinic protocol 2025",
                                              version=2)  # fmt: skip
    page.get_by_label("Normal (degrees)").fill("55")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Clinic protocol 2025").first.wait_for()
    both_widths(page, "rom_norm_conflict")
    page.get_by_role("button", name="Save the merged version").click()
    page.get_by_text("the clinic's normal is now 55°").wait_for()
