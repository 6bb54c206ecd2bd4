"""A clinician records NDI and NPRS at the first and the latest session, then reads the
progress page: the charts and the verdict."""

from datetime import timedelta

import pytest
from django.utils import timezone

from taut.clinics.roles import Role
from taut.measures.models import QuestionnaireResponse
from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.factories import make_clinic, make_patient, make_user
from tests.measures.factories import make_episode, make_sessions

NDI_FIRST = [3, 2, 2, 2, 3, 2, 2, 2, 3, 1]  # 22/50: 44%
NDI_LATEST = [1, 1, 1, 1, 1, 1, 1, 1, 2, 1]  # 11/50: 22%


@pytest.fixture
def episode(transactional_db):
    clinic = make_clinic("Lakeside")
    erin = make_user("erin", (clinic, Role.CLINICIAN))
    patient = make_patient(clinic, "Grace", "Hopper")
    # Five weekly sessions ending yesterday at 09:00: ending today would put the latest one in
    # the future before 09:00, and a questionnaire can't be answered in the future.
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    start -= timedelta(weeks=4, days=1)
    episode = make_episode(
        patient, erin, title="Right neck pain and headache", opened_on=start.date()
    )
    make_sessions(episode, erin, [(7, 4), (6, 3), (5, 3), (4, 2), (3, 1)], start=start)
    return episode


def fill_in(page, name, when, answers):
    page.get_by_role("link", name=f"Fill in {name}").click()
    page.get_by_label("Answered on").fill(f"{when:%Y-%m-%dT%H:%M}")
    page.get_by_label("From a paper form").check()
    for number, value in enumerate(answers, 1):
        row = page.locator(f"#row-item_{number}")
        row.get_by_text(str(value), exact=True).click()
    page.get_by_role("button", name=f"Save {name}").click()
    page.get_by_text(f"{name} saved").wait_for()


def test_record_two_time_points_and_read_the_progress(page, live_server, episode):
    log_in(page, live_server, "erin")
    page.goto(f"{live_server.url}/patients/{episode.patient.uuid}/episodes/{episode.pk}/measures/")
    page.get_by_role("heading", name="Outcome measures").wait_for()
    sessions = list(episode.sessions.order_by("performed_at"))
    first, latest = (timezone.localtime(s.performed_at) for s in (sessions[0], sessions[-1]))

    fill_in(page, "NDI", first, NDI_FIRST)
    screenshot(page, "measures_list")
    fill_in(page, "NPRS", first, [7])
    fill_in(page, "NDI", latest, NDI_LATEST)
    fill_in(page, "NPRS", latest, [3])
    assert QuestionnaireResponse.objects.filter(episode=episode).count() == 4

    page.get_by_role("link", name="Progress charts").click()
    page.get_by_role("heading", name="Progress: Grace Hopper").wait_for()
    verdict = page.locator("#ndi .verdict")
    assert verdict.inner_text() == (
        "Responder: NDI improved by 22 points (from 44% to 22%), more than the 19 points that "
        "count as an important change (Cleland 2008)."
    )
    assert page.locator("#ndi svg[role=img]").is_visible()
    assert page.get_by_role("img", name="Neck Disability Index over time").is_visible()
    assert "Responder: NPRS improved by 4 points" in page.locator("#nprs .verdict").inner_text()
    assert (
        "pain before treatment improved by 4 points"
        in page.locator("#session-pain .verdict").inner_text()
    )
    page.locator("#ndi summary").click()
    assert page.locator("#ndi table tbody tr").count() == 2
    screenshot(page, "progress")


def test_an_invalid_form_names_the_item(page, live_server, episode):
    log_in(page, live_server, "erin")
    base = f"{live_server.url}/patients/{episode.patient.uuid}/episodes/{episode.pk}/measures/"
    page.goto(f"{base}new/ndi/")
    for number in range(1, 10):
        page.locator(f"#row-item_{number}").get_by_text("2", exact=True).click()
    page.get_by_role("button", name="Save NDI").click()
    page.get_by_text("Nothing was saved").wait_for()
    assert page.locator("#row-item_10 .error").is_visible()
    assert not QuestionnaireResponse.objects.exists()
    screenshot(page, "measures_form_errors")
