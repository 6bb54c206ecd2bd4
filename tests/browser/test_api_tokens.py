"""A clinician makes an API token, copies it once, uses it, revokes it; the API docs load with
their own (local) Swagger UI files."""

import pytest

from taut.api.models import ApiToken
from taut.clinics.roles import Role
from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.factories import make_clinic, make_user


@pytest.fixture
def clinician(transactional_db):
    return make_user("robin", (make_clinic("Lakeside"), Role.CLINICIAN))


def test_a_token_is_shown_once_and_revoked_with_one_click(page, live_server, clinician):
    log_in(page, live_server, "robin")
    page.goto(f"{live_server.url}/api/tokens/")
    page.get_by_label("Name").fill("Practice reports")
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_label("Token").input_value()
    assert secret.startswith("taut_")
    screenshot(page, "api_tokens_created")

    answer = page.request.get(
        f"{live_server.url}/api/v1/patients", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status == 200 and answer.json()["items"] == []
    token = ApiToken.objects.get()
    assert token.scope == "read"  # the default: a script that reads needs no more
    page.set_viewport_size({"width": 820, "height": 1000})
    screenshot(page, "api_tokens_created_tablet")
    page.set_viewport_size({"width": 1280, "height": 860})

    page.goto(f"{live_server.url}/api/tokens/")
    assert page.get_by_label("Token").count() == 0
    page.get_by_role("button", name="Revoke Practice reports").click()
    page.get_by_text("no longer works").wait_for()
    assert ApiToken.objects.get().is_revoked
    screenshot(page, "api_tokens_revoked")
    answer = page.request.get(
        f"{live_server.url}/api/v1/patients", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status == 401


def test_the_api_docs_render_from_local_files(page, live_server, clinician):
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"{live_server.url}/api/docs")
    page.get_by_text("Taut API").first.wait_for()
    page.locator(".opblock").first.wait_for()
    assert not failed
    screenshot(page, "api_docs")
