"""A clinician reads the plan proposal and its reasons, unticks a target, accepts the plan,
and sees version 1 with its home exercises."""

import re

import pytest

from taut.clinics.roles import Role
from taut.plans.models import TreatmentPlan
from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.factories import make_clinic, make_patient, make_user
from tests.plans.factories import NDI_MODERATE, add_response, make_assessed_episode


@pytest.fixture
def episode(transactional_db):
    clinic = make_clinic("Lakeside")
    erin = make_user("erin", (clinic, Role.CLINICIAN))
    patient = make_patient(clinic, "Grace", "Hopper")
    episode = make_assessed_episode(
        patient, erin, pain=7, weeks=16,
        active=("upper_trapezius_tp1", "levator_scapulae_tp1", "upper_trapezius_tp2",
                "splenius_capitis_tp1"),
        latent=("rhomboids_tp1",), relative=("anticoagulants",),
        causes=("poor_posture", "prolonged_sitting"),
    )  # fmt: skip
    add_response(episode, erin, "ndi", NDI_MODERATE)
    return episode


def test_clinician_reads_the_proposal_and_accepts_the_plan(live_server, page, episode):
    log_in(page, live_server, "erin")
    base = f"{live_server.url}/patients/{episode.patient.uuid}/episodes/{episode.pk}/plan/"
    page.goto(base + "proposal/")
    assert page.get_by_role("heading", name="Plan proposal").is_visible()
    assert page.get_by_text("4 active trigger points (at least 4): 2 more visits").is_visible()
    screenshot(page, "plan-proposal")
    page.get_by_role("link", name="Edit and accept").first.click()
    page.get_by_label("Keep Rhomboid major").uncheck()
    page.locator("#id_visits").fill("10")
    screenshot(page, "plan-edit")
    page.get_by_role("button", name="Accept as version 1").click()
    screenshot(page, "plan-after-accept")
    assert page.get_by_text("Plan version 1 accepted.").is_visible()
    screenshot(page, "plan-detail")
    plan = TreatmentPlan.objects.get(episode=episode)
    assert plan.visits == 10
    assert "rhomboids_tp1" not in [t["trigger_point"] for t in plan.needling_targets]


def test_clinician_sees_a_bad_rules_file_refused(live_server, page, episode):
    log_in(page, live_server, "erin")
    page.goto(f"{live_server.url}/clinic/plan-rules/")
    box = page.get_by_label("Rules (YAML)")
    box.fill(box.input_value().replace("after_visits: 4", "after_visits: many"))
    page.get_by_role("button", name="Save as a new version").click()
    assert page.get_by_text("reassess.after_visits: expected a whole number").is_visible()
    screenshot(page, "plan-rules-refused")


def test_demo_clinician_reads_a_demo_plan_and_its_proposal(live_server, page, transactional_db):
    from taut.demo.build import PASSWORD, build

    plan = TreatmentPlan.objects.filter(clinic=build()).select_related("patient").first()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("clinician")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    base = f"{live_server.url}/patients/{plan.patient.uuid}/episodes/{plan.episode_id}/plan/"
    page.goto(base)
    assert page.get_by_role("heading", name="Treatment plan").is_visible()
    screenshot(page, "plan-demo")
    page.goto(base + "proposal/")
    assert page.get_by_text(re.compile(r"differential score \d+%")).first.is_visible()
    screenshot(page, "plan-demo-proposal")
