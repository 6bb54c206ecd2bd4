"""A clinician downloads a patient's record as a FHIR Bundle from the patient page."""

import json
from pathlib import Path

import pytest

from taut.clinics.roles import Role
from taut.fhir.validate import validate
from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.factories import make_clinic, make_patient, make_user
from tests.fhir.base import make_record


@pytest.fixture
def patient(transactional_db):
    clinic = make_clinic("Lakeside")
    alice = make_user("alice", (clinic, Role.CLINICIAN))
    grace = make_patient(clinic, "Grace", "Hopper")
    make_record(grace, alice)
    return grace


def test_download_the_fhir_bundle_from_the_patient_page(page, live_server, patient):
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/patients/{patient.uuid}/")
    link = page.get_by_role("link", name="FHIR export")
    link.wait_for()
    screenshot(page, "fhir_export_link")
    with page.expect_download() as download:
        link.click()
    bundle = json.loads(Path(download.value.path()).read_text())
    validate(bundle)
    assert download.value.suggested_filename == "hopper-grace-fhir.json"
    assert bundle["entry"][0]["resource"]["id"] == str(patient.uuid)
