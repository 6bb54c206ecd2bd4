"""A clinician downloads a pseudonymised outcomes file from the exports page."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from taut.clinics.roles import Role
from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.factories import make_clinic, make_patient, make_user
from tests.measures.factories import make_episode, make_response, make_sessions

NDI_FIRST = [3, 2, 2, 2, 3, 2, 2, 2, 3, 1]  # 22/50: 44%
NDI_LATEST = [1, 1, 1, 1, 1, 1, 1, 1, 2, 1]  # 11/50: 22%


@pytest.fixture
def patient(transactional_db):
    clinic = make_clinic("Lakeside")
    erin = make_user("erin", (clinic, Role.CLINICIAN))
    patient = make_patient(clinic, "Grace", "Hopper", date_of_birth=date(1931, 2, 3))
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    start -= timedelta(weeks=4)
    episode = make_episode(patient, erin, opened_on=start.date())
    make_sessions(episode, erin, [(7, 4), (5, 3), (3, 1)], start=start)
    make_response(episode, erin, "ndi", NDI_FIRST, at=start)
    make_response(episode, erin, "ndi", NDI_LATEST, at=start + timedelta(weeks=2))
    return patient


def test_download_a_pseudonymised_outcomes_file(page, live_server, patient, tmp_path):
    log_in(page, live_server, "erin")
    page.goto(f"{live_server.url}/exports/")
    page.get_by_role("heading", name="Exports").wait_for()
    page.get_by_label("Outcomes (one row per episode and questionnaire)").check()
    page.get_by_label("Pseudonymise").check()
    screenshot(page, "exports_page")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "outcomes-all-pseudonymised.csv"
    text = path.read_text(encoding="utf-8-sig")
    assert "Grace" not in text and "Hopper" not in text and str(patient.uuid) not in text
    header, row = text.splitlines()
    assert row.split(",")[1:3] == ["90+", "unknown"]


def test_a_mistake_is_shown_beside_the_field(page, live_server, patient):
    log_in(page, live_server, "erin")
    page.goto(f"{live_server.url}/exports/")
    research = page.get_by_role("region", name="Download a CSV file")
    research.get_by_label("From").fill("2026-04-01")
    research.get_by_label("To").fill("2026-03-01")
    page.get_by_role("button", name="Download CSV").click()
    page.get_by_text("The range starts after it ends.").wait_for()
    screenshot(page, "exports_page_error")


def test_a_refused_billing_export_comes_back_to_its_form_with_the_reason(page, live_server,
                                                                         patient):  # fmt: skip
    log_in(page, live_server, "erin")
    page.goto(f"{live_server.url}/exports/")
    billing = page.get_by_role("region", name="Billing lines for the billing office")
    billing.get_by_label("From").fill("2026-04-01")
    billing.get_by_label("To").fill("2026-03-01")
    billing.get_by_role("button", name="Download billing lines").click()
    billing.get_by_text("Give the range as two dates. The range starts after it ends.").wait_for()
    # The range is kept and the cursor is in it, scrolled into view, to correct it.
    assert billing.get_by_label("From").input_value() == "2026-04-01"
    assert page.evaluate("document.activeElement.id") == "billing-from"
    assert billing.get_by_role("alert").is_visible()
    screenshot(page, "exports_billing_refused")
