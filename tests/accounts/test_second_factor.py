"""Two-step login: who must have a second factor, setting one up, and logging in with it."""

import re

from django.core import mail
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from taut.accounts import second_factor
from taut.audit.models import AuditEntry
from taut.clinics.models import Clinic, SecondFactorPolicy
from tests.base import ClinicTestCase


def code_for(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


class PolicyTests(ClinicTestCase):
    def set_policy(self, policy):
        self.clinic.second_factor = policy
        self.clinic.save()

    def test_a_clinic_requires_it_of_admins_and_clinicians_by_default(self):
        from taut.clinics.models import Clinic

        assert Clinic._meta.get_field("second_factor").default == SecondFactorPolicy.CLINICAL
        self.set_policy(SecondFactorPolicy.CLINICAL)
        assert second_factor.required(self.clinic, {"clinician"})
        assert second_factor.required(self.clinic, {"admin"})
        assert not second_factor.required(self.clinic, {"front_desk"})
        assert not second_factor.required(None, set())  # a patient acts in no clinic

    def test_a_clinic_may_require_it_of_all_staff_or_no_one(self):
        self.set_policy(SecondFactorPolicy.ALL_STAFF)
        assert second_factor.required(self.clinic, {"front_desk"})
        self.set_policy(SecondFactorPolicy.OPTIONAL)
        assert not second_factor.required(self.clinic, {"clinician", "admin"})

    def test_it_is_the_acting_clinics_rule_that_holds(self):
        self.set_policy(SecondFactorPolicy.CLINICAL)
        self.other_clinic.memberships.create(user=self.alice, role="clinician")
        self.login(self.alice)
        self.client.post("/clinic/switch/", {"clinic": self.other_clinic.pk})
        assert self.client.get("/patients/").status_code == 200  # Southside does not require it
        self.client.post("/clinic/switch/", {"clinic": self.clinic.pk})
        assert self.client.get("/patients/").url.startswith("/account/two-step/")

    def test_a_clinician_without_one_is_sent_to_set_it_up(self):
        self.set_policy(SecondFactorPolicy.CLINICAL)
        self.login_with_password("alice")
        response = self.client.get("/patients/")
        assert response.status_code == 302
        assert response.url.startswith("/account/two-step/?next=")
        page = self.client.get(response.url).content.decode()
        assert "Set up an authenticator app or a passkey to continue" in page

    def test_front_desk_is_not_held_under_the_default(self):
        self.set_policy(SecondFactorPolicy.CLINICAL)
        self.login_with_password("bob")
        assert self.client.get("/patients/").status_code == 200

    def test_no_one_is_held_where_the_clinic_does_not_require_it(self):
        self.login_with_password("alice")
        assert self.client.get("/patients/").status_code == 200


class EnrolmentTests(ClinicTestCase):
    def setUp(self):
        self.clinic.second_factor = SecondFactorPolicy.CLINICAL
        self.clinic.save()
        self.login_with_password("alice")

    def enrol(self):
        self.client.post("/account/two-step/app/")
        device = TOTPDevice.objects.get(user=self.alice, confirmed=False)
        page = self.client.get("/account/two-step/").content.decode()
        assert "<svg" in page and "Enter this key by hand" in page
        response = self.client.post("/account/two-step/app/confirm/", {"code": code_for(device)})
        return device, response

    def test_adding_an_app_gives_ten_recovery_codes_and_lets_the_clinician_in(self):
        device, response = self.enrol()
        device.refresh_from_db()
        assert device.confirmed
        codes = re.findall(r"<code>([a-z0-9]+)</code>", response.content.decode())
        assert len(codes) == 10 and second_factor.recovery_codes_left(self.alice) == 10
        assert self.client.get("/patients/").status_code == 200
        assert AuditEntry.objects.filter(detail__second_factor="app added").exists()
        assert [m.to for m in mail.outbox] == [["alice@example.org"]]
        assert "An authenticator app was added" in mail.outbox[0].subject

    def test_a_wrong_confirmation_code_adds_nothing(self):
        self.client.post("/account/two-step/app/")
        self.client.post("/account/two-step/app/confirm/", {"code": "000000x"})
        assert not second_factor.enrolled(self.alice)
        assert self.client.get("/patients/").status_code == 302

    def test_the_next_login_asks_for_the_code(self):
        device, _ = self.enrol()
        self.client.post("/logout/")
        self.login_with_password("alice")
        response = self.client.get("/patients/")
        assert response.url == "/login/verify/?next=%2Fpatients%2F"
        wrong = self.client.post("/login/verify/", {"code": "123456", "next": "/patients/"})
        assert "That code is not right" in wrong.content.decode()
        assert AuditEntry.objects.filter(action="login_failed", username="alice").exists()
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
        right = self.client.post("/login/verify/", {"code": code_for(device), "next": "/patients/"})
        assert right.status_code == 302 and right.url == "/patients/"
        assert self.client.get("/patients/").status_code == 200

    def test_a_recovery_code_works_once(self):
        self.enrol()
        code = StaticToken.objects.filter(device__user=self.alice).first().token
        for expected in (200, 302):
            self.client.post("/logout/")
            self.login_with_password("alice")
            self.client.post("/login/verify/", {"code": code, "next": "/patients/"})
            assert self.client.get("/patients/").status_code == expected
        assert second_factor.recovery_codes_left(self.alice) == 9

    def test_before_the_second_step_no_factor_can_be_added_or_removed(self):
        device, _ = self.enrol()
        self.client.post("/logout/")
        self.login_with_password("alice")
        self.client.post("/account/two-step/app/")
        assert TOTPDevice.objects.filter(user=self.alice).count() == 1
        self.client.post(f"/account/two-step/app/{device.pk}/remove/")
        assert TOTPDevice.objects.filter(pk=device.pk).exists()
        self.client.post("/account/two-step/codes/")
        assert second_factor.recovery_codes_left(self.alice) == 10

    def test_the_last_factor_cannot_be_removed_where_it_is_required(self):
        device, _ = self.enrol()
        response = self.client.post(f"/account/two-step/app/{device.pk}/remove/", follow=True)
        assert "add another before removing" in response.content.decode()
        assert TOTPDevice.objects.filter(pk=device.pk).exists()

    def test_nobody_removes_another_persons_factor(self):
        device, _ = self.enrol()
        self.client.post("/logout/")
        self.login(self.charlie)
        self.client.post(f"/account/two-step/app/{device.pk}/remove/")
        assert TOTPDevice.objects.filter(pk=device.pk).exists()

    def test_an_unknown_kind_is_404(self):
        self.enrol()
        assert self.client.post("/account/two-step/sms/1/remove/").status_code == 404

    def test_the_verify_page_does_not_redirect_off_site(self):
        device, _ = self.enrol()
        self.client.post("/logout/")
        self.login_with_password("alice")
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # the code was used to enrol
        response = self.client.post(
            "/login/verify/", {"code": code_for(device), "next": "https://evil.example/"}
        )
        assert response.url == "/"


class ClinicPolicyTests(ClinicTestCase):
    def verified_login(self, user):
        self.login(user)
        device = TOTPDevice.objects.create(user=user, name="app")
        self.client.post("/login/verify/", {"code": code_for(device)})

    def set_rule(self, clinic, rule="all"):
        version = Clinic.objects.get(pk=clinic.pk).version
        return self.client.post("/account/two-step/clinic/",
                                {"second_factor": rule, "version": version})  # fmt: skip

    def test_a_clinic_admin_sets_the_rule_and_it_is_audited(self):
        self.verified_login(self.carol)
        self.set_rule(self.clinic)
        self.clinic.refresh_from_db()
        assert self.clinic.second_factor == SecondFactorPolicy.ALL_STAFF
        assert AuditEntry.objects.filter(detail__second_factor="all").exists()

    def test_the_clinics_history_keeps_who_changed_the_rule_and_what_it_was(self):
        self.verified_login(self.carol)
        self.set_rule(self.clinic)
        latest, before = Clinic.history.filter(id=self.clinic.pk)[:2]
        assert (latest.second_factor, latest.history_user) == ("all", self.carol)
        assert before.second_factor == "optional"

    def test_a_clinician_cannot_change_it(self):
        self.verified_login(self.alice)
        response = self.set_rule(self.clinic)
        assert response.status_code == 403
        self.clinic.refresh_from_db()
        assert self.clinic.second_factor == SecondFactorPolicy.OPTIONAL

    def test_an_admin_of_another_clinic_changes_only_their_own(self):
        self.verified_login(self.charlie)
        self.set_rule(self.other_clinic)
        self.clinic.refresh_from_db()
        assert self.clinic.second_factor == SecondFactorPolicy.OPTIONAL
        assert Clinic.objects.get(pk=self.other_clinic.pk).second_factor == "all"

    def test_a_page_without_the_version_it_was_loaded_with_saves_nothing(self):
        self.verified_login(self.carol)
        response = self.client.post("/account/two-step/clinic/", {"second_factor": "all"},
                                    follow=True)  # fmt: skip
        assert "Not saved: The page was out of date" in response.content.decode()
        assert Clinic.objects.get(pk=self.clinic.pk).second_factor == "optional"


class PatientTests(ClinicTestCase):
    """A patient may turn on an authenticator app for their own portal login (issue 17)."""

    def test_a_patient_adds_an_app_and_the_next_login_asks_for_its_code(self):
        self.login_with_password("penny")
        assert "Two-step login" in self.client.get("/my/").content.decode()
        self.client.post("/account/two-step/app/")
        device = TOTPDevice.objects.get(user=self.penny, confirmed=False)
        self.client.post("/account/two-step/app/confirm/", {"code": code_for(device)})
        assert second_factor.enrolled(self.penny)
        self.client.post("/logout/")
        self.login_with_password("penny")
        assert self.client.get("/my/").url == "/login/verify/?next=%2Fmy%2F"
        TOTPDevice.objects.filter(user=self.penny).update(last_t=-1, throttling_failure_count=0)
        right = self.client.post("/login/verify/", {"code": code_for(device), "next": "/my/"})
        assert right.status_code == 302 and self.client.get("/my/").status_code == 200

    def test_a_patient_without_one_is_never_held(self):
        self.login_with_password("penny")
        assert self.client.get("/my/").status_code == 200
