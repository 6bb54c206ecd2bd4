"""A clinician whose clinic requires a second factor adds a passkey and logs in with it.

Chromium's virtual authenticator (the DevTools WebAuthn domain) stands in for a phone or a
security key, so the real WebAuthn ceremony runs: the browser makes and signs with a key.
"""

from urllib.parse import urlsplit

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from taut.audit.models import AuditEntry
from taut.clinics.models import SecondFactorPolicy
from taut.clinics.roles import Role
from tests.browser.conftest import screenshot
from tests.browser.test_patient_flow import log_in
from tests.factories import make_clinic, make_user


@pytest.fixture
def clinician(transactional_db):
    clinic = make_clinic("Lakeside", second_factor=SecondFactorPolicy.CLINICAL)
    return make_user("robin", (clinic, Role.CLINICIAN))


@pytest.fixture
def passkeys_here(live_server, settings):
    origin = live_server.url
    settings.OTP_WEBAUTHN_RP_ID = urlsplit(origin).hostname
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [origin]
    return origin


def virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True,
    }  # fmt: skip
    return cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})


def test_a_clinician_adds_a_passkey_and_logs_in_with_it(
    page, live_server, clinician, passkeys_here
):
    virtual_authenticator(page)
    log_in(page, live_server, "robin")
    page.get_by_text("Set up an authenticator app or a passkey to continue").wait_for()
    screenshot(page, "second_factor_setup")
    page.set_viewport_size({"width": 820, "height": 1000})
    screenshot(page, "second_factor_setup_tablet")
    page.set_viewport_size({"width": 1280, "height": 860})

    page.get_by_role("button", name="Add a passkey").click()
    # Making the passkey proves it is at hand: the page reloads, listing it, and the session
    # counts as having passed the second step.
    page.locator("#passkey-title + ul li").wait_for()
    assert WebAuthnCredential.objects.filter(user=clinician, confirmed=True).count() == 1
    screenshot(page, "second_factor_passkey_added")

    page.goto(f"{live_server.url}/patients/")
    assert page.url == f"{live_server.url}/patients/"

    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, "robin")
    page.get_by_role("button", name="Use your passkey").wait_for()
    screenshot(page, "second_factor_verify")
    page.set_viewport_size({"width": 820, "height": 1000})
    screenshot(page, "second_factor_verify_tablet")
    page.get_by_role("button", name="Use your passkey").click()
    page.wait_for_url(f"{live_server.url}/patients/")
    page.get_by_role("heading", name="Patients").wait_for()
    check = AuditEntry.objects.filter(action="login", detail__has_key="second_factor").get()
    assert check.username == "robin" and "webauthn" in check.detail["second_factor"]


def test_a_clinician_adds_an_authenticator_app(page, live_server, clinician, passkeys_here):
    log_in(page, live_server, "robin")
    page.get_by_role("button", name="Add an authenticator app").click()
    page.locator(".qr svg").wait_for()
    screenshot(page, "second_factor_app")
    device = TOTPDevice.objects.get(user=clinician)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
    page.get_by_label("Code from the app").fill(f"{code:06d}")
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Your recovery codes").wait_for()
    assert page.locator(".recovery-codes li").count() == 10
    screenshot(page, "second_factor_codes")
    page.get_by_role("link", name="I have kept them").click()
    page.goto(f"{live_server.url}/patients/")
    assert page.url == f"{live_server.url}/patients/"
