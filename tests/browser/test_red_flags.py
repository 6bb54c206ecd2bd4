"""A clinician meets a red flag: the plan proposes no needling, the session refuses it, and
after the clinician records "cleared after assessment" with the findings, needling opens. A
lymphoedematous left arm closes that arm only. Screenshots at desktop and tablet width."""

import pytest

from taut.clinics.roles import Role
from taut.episodes.models import RedFlagDecision
from taut.intake.models import Intake
from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.episodes.factories import make_consent, make_consent_text
from tests.factories import make_clinic, make_patient, make_user
from tests.plans.factories import make_assessed_episode

WIDTHS = {"desktop": 1280, "tablet": 820}


@pytest.fixture
def episode(transactional_db):
    clinic = make_clinic("Lakeside")
    erin = make_user("erin", (clinic, Role.CLINICIAN))
    patient = make_patient(clinic, "Grace", "Hopper")
    episode = make_assessed_episode(patient, erin, pain=6, weeks=8)
    Intake.objects.filter(episode=episode).update(
        red_flags=["cervical_arterial", "headache_new"],
        site_contraindications=["lymphoedema:arm_l", "lymphoedema:upper_trunk_l"],
    )
    make_consent(episode, make_consent_text(clinic), erin)
    return episode


def shots(page, name: str) -> None:
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"{name}-{label}")
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})


def test_a_red_flag_waits_for_the_clinicians_decision(live_server, page, episode):
    log_in(page, live_server, "erin")
    base = f"{live_server.url}/patients/{episode.patient.uuid}"
    page.goto(f"{base}/episodes/{episode.pk}/plan/proposal/")
    assert page.get_by_text("No decision recorded yet: needling waits for it.").is_visible()
    assert page.get_by_text("no needling is proposed", exact=False).first.is_visible()
    shots(page, "red-flag-proposal")

    page.goto(f"{base}/episodes/{episode.pk}/sessions/new/")
    assert page.get_by_text(
        "Needling cannot be recorded: Red flag without a recorded decision"
    ).is_visible()
    assert page.get_by_text("Lymphoedema: left shoulder, arm and hand").is_visible()
    shots(page, "red-flag-session-form")

    page.goto(f"{base}/chart/")
    assert page.get_by_text("red flag: no decision yet").is_visible()
    shots(page, "red-flag-chart")

    page.goto(f"{base}/episodes/{episode.pk}/")
    page.get_by_role("link", name="Record the decision").click()
    page.get_by_label("Cleared after assessment").check()
    page.get_by_label("Reason and findings").fill(
        "Cranial nerve and vascular screen normal; headache reproduced from the neck"
    )
    shots(page, "red-flag-decision-form")
    page.get_by_role("button", name="Record the decision").click()
    assert page.get_by_text("Decision recorded: cleared after assessment.").is_visible()
    shots(page, "red-flag-episode-after-decision")
    decision = RedFlagDecision.objects.get()
    assert decision.red_flags == ["cervical_arterial", "headache_new"]

    page.goto(f"{base}/episodes/{episode.pk}/sessions/new/")
    assert page.get_by_text("Needling cannot be recorded").count() == 0


def test_the_intake_asks_the_sites_and_the_new_red_flags(live_server, page, episode):
    log_in(page, live_server, "erin")
    page.goto(
        f"{live_server.url}/patients/{episode.patient.uuid}/episodes/{episode.pk}/intake/new/"
    )
    assert page.get_by_label("Clumsy hands, or a change in walking or balance").is_visible()
    page.locator("#needling-section").scroll_into_view_if_needed()
    assert page.locator("details.site-group[open] summary", has_text="Lymphoedema").is_visible()
    shots(page, "intake-form-screening")


def test_the_reference_page_of_a_new_muscle(live_server, page, episode):
    log_in(page, live_server, "erin")
    page.goto(f"{live_server.url}/reference/muscles/omohyoid/")
    assert page.get_by_text("Pneumothorax risk.").is_visible()
    assert page.get_by_text("No published ultrasound measurement", exact=False).is_visible()
    shots(page, "reference-omohyoid")
