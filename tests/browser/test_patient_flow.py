"""A front-desk colleague logs in, adds a patient and finds them again by search."""

import pytest

from taut.clinics.roles import Role
from taut.patients.models import Patient
from tests.browser.conftest import screenshot
from tests.factories import PASSWORD, make_clinic, make_patient, make_user


@pytest.fixture
def clinic(transactional_db):
    clinic = make_clinic("Lakeside")
    make_user("dana", (clinic, Role.FRONT_DESK))
    make_patient(clinic, "Grace", "Hopper")
    return clinic


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_log_in_create_a_patient_and_find_them(page, live_server, clinic):
    log_in(page, live_server, "dana")
    page.get_by_role("heading", name="Today").wait_for()  # the front desk's home: the day sheet
    page.get_by_role("link", name="Patients", exact=True).click()
    page.get_by_role("heading", name="Patients").wait_for()

    page.get_by_role("link", name="New patient").click()
    page.get_by_label("Given name").fill("Mary")
    page.get_by_label("Family name").fill("Jackson")
    page.get_by_label("Date of birth").fill("1961-04-09")
    page.get_by_label("Sex").select_option("female")
    page.get_by_label("Phone").fill("202 555 0147")
    page.get_by_label("E-mail").fill("mary.jackson@example.org")
    page.get_by_role("button", name="Add patient").click()

    page.get_by_role("heading", name="Mary Jackson").wait_for()
    assert Patient.objects.get(family_name="Jackson").phone == "+12025550147"

    page.get_by_role("link", name="Patients").click()
    page.get_by_label("Search patients").fill("jackson")
    page.get_by_role("button", name="Search").click()
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert "Jackson, Mary" in rows.first.inner_text()
    screenshot(page, "patients_search")


def test_a_bad_form_shows_errors_in_the_browser(page, live_server, clinic):
    log_in(page, live_server, "dana")
    page.goto(f"{live_server.url}/patients/")
    page.get_by_role("link", name="New patient").click()
    page.get_by_label("Given name").fill("Mary")
    page.get_by_label("Date of birth").fill("2999-01-01")
    page.get_by_role("button", name="Add patient").click()
    page.get_by_text("Nothing was saved").wait_for()
    assert page.get_by_text("The date of birth cannot be in the future.").is_visible()
    assert not Patient.objects.filter(given_name="Mary").exists()
    screenshot(page, "patients_form_errors")


def test_the_login_page(page, live_server, clinic):
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("heading", name="Log in to Taut").wait_for()
    screenshot(page, "login")
