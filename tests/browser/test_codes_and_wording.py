"""The front desk prints a one-time code for a patient without e-mail, who types it on the
portal's "I have a code" page; the clinic admin loads a licensed questionnaire's wording; a
clinician enters a licensed questionnaire from paper while its wording is not loaded. Each page
is photographed at desktop and tablet width."""

import json
import re

import pytest

from taut.clinics.roles import Role
from taut.measures.models import QuestionnaireResponse
from tests.browser.conftest import SCREENSHOTS, screenshot
from tests.browser.test_patient_flow import log_in
from tests.factories import make_clinic, make_patient, make_user
from tests.measures.factories import NDI_START, make_episode, make_response
from tests.measures.wordings import stand_in

PASSWORD = "lantern-harbour-quiet-42"
WIDTHS = {"desktop": 1280, "tablet": 820}


@pytest.fixture
def clinic(transactional_db):
    clinic = make_clinic("Harbourside")
    clinic.phone = "+12025550199"
    clinic.save()
    make_user("bea", (clinic, Role.FRONT_DESK))
    robin = make_user("robin", (clinic, Role.CLINICIAN))
    make_user("carol", (clinic, Role.ADMIN))
    ada = make_patient(clinic, "Ada", "Byron")
    episode = make_episode(ada, robin, title="Right neck pain")
    old = make_response(episode, robin, "ndi", NDI_START)
    QuestionnaireResponse.objects.filter(pk=old.pk).update(source="legacy")
    return clinic


def both_widths(page, name):
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"{name}_{label}")


def test_a_printed_code_opens_the_portal(browser, live_server, clinic):
    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(desk, live_server, "bea")
    desk.get_by_role("heading", name="Today").wait_for()  # the front desk's home: the day sheet
    desk.get_by_role("link", name="Patients", exact=True).click()
    desk.get_by_role("link", name="Byron, Ada").click()
    desk.get_by_role("button", name="Print a one-time code").click()
    desk.get_by_role("heading", name="Your patient portal at Harbourside").wait_for()
    code = desk.locator(".one-time-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    both_widths(desk, "code_letter")
    desk.emulate_media(media="print")
    screenshot(desk, "code_letter_print")
    desk.emulate_media(media="screen")
    desk.get_by_role("link", name="Back to the patient").click()
    both_widths(desk, "code_patient_page")

    patient = browser.new_context(viewport={"width": 820, "height": 1180}).new_page()
    patient.goto(f"{live_server.url}/login/")
    patient.get_by_role("link", name="I have a code").click()
    patient.get_by_label("Your code").fill("WRONG-CODE")
    patient.get_by_role("button", name="Continue").click()
    patient.get_by_text("This code is not right").wait_for()
    screenshot(patient, "code_enter_wrong_tablet")
    patient.get_by_label("Your code").fill(code.lower())
    patient.get_by_role("button", name="Continue").click()
    patient.get_by_label("Username").fill("ada")
    patient.locator("#id_password1").fill(PASSWORD)
    patient.locator("#id_password2").fill(PASSWORD)
    patient.get_by_role("button", name="Set up my login").click()
    patient.get_by_text("Welcome. Your portal at Harbourside is ready.").wait_for()
    # no licensed wording loaded: the NDI is not offered, the NPRS and PSFS are
    links = patient.locator(".portal-questionnaires").inner_text()
    assert "Neck Disability Index" not in links and "Numeric Pain Rating Scale" in links
    assert "API tokens" not in patient.locator(".account-menu").inner_text()
    both_widths(patient, "code_portal_home")


def test_the_admin_loads_the_wording_then_it_is_given_on_screen(
    browser, live_server, clinic, tmp_path
):
    robin = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(robin, live_server, "robin")
    robin.get_by_role("link", name="Byron, Ada").click()
    robin.get_by_role("link", name="Episodes").click()
    robin.get_by_role("link", name="Right neck pain").first.click()
    url = robin.url.rstrip("/") + "/measures/"
    robin.goto(url)
    assert "wording not loaded: from paper only" in robin.locator("main").inner_text()
    assert "labels only, not counted" in robin.locator("main").inner_text()
    both_widths(robin, "measures_list_legacy")
    robin.goto(url + "new/ndi/")
    robin.get_by_text("Wording not loaded.").wait_for()
    both_widths(robin, "measures_form_paper_only")
    robin.goto(url + "new/nprs/")
    robin.get_by_text("How strong has your pain been over the last 24 hours?").wait_for()
    both_widths(robin, "measures_form_nprs_wording")

    carol = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(carol, live_server, "carol")
    carol.locator(".account-menu summary").click()
    carol.get_by_role("link", name="Questionnaire wording").click()
    carol.get_by_role("heading", name="Questionnaire wording").wait_for()
    both_widths(carol, "wording_list")
    carol.get_by_role("link", name="Load the wording of the NDI").click()
    wrong = stand_in("ndi")
    wrong["items"][2]["options"].pop()
    path = tmp_path / "ndi.json"
    path.write_text(json.dumps(wrong))
    carol.get_by_label("A YAML or JSON file").set_input_files(str(path))
    carol.get_by_role("button", name="Check and load").click()
    carol.get_by_text("item 3 (Lifting): expected 6 answer statements").wait_for()
    both_widths(carol, "wording_refused")
    path.write_text(json.dumps(stand_in("ndi")))
    carol.get_by_label("A YAML or JSON file").set_input_files(str(path))
    carol.get_by_role("button", name="Check and load").click()
    carol.get_by_text("NDI wording loaded as version 1.").wait_for()
    both_widths(carol, "wording_loaded")

    robin.goto(url + "new/ndi/")
    robin.locator("#row-item_1 legend").filter(has_text="Stand-in question 1").wait_for()
    assert robin.get_by_label("In the clinic, with the full wording on screen").count() == 1
    both_widths(robin, "measures_form_ndi_wording")
    assert SCREENSHOTS.exists()
