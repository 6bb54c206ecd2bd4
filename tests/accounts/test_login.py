"""Logging in and out, failed logins, lockout and password reset."""

import re

from django.core import mail

from taut.audit.models import AuditEntry
from tests.base import ClinicTestCase


class LoginTests(ClinicTestCase):
    def test_login_page_is_served(self):
        response = self.client.get("/login/")
        assert response.status_code == 200
        assert b"Log in to Taut" in response.content

    def test_staff_log_in_to_their_patient_list(self):
        response = self.login_with_password("alice")
        assert response.status_code == 302
        assert self.client.get("/", follow=True).redirect_chain[-1][0] == "/patients/"
        login = AuditEntry.objects.filter(action="login").get()
        assert (login.username, login.clinic_id) == ("alice", self.clinic.pk)

    def test_a_patient_logs_in_to_their_portal(self):
        self.login_with_password("penny")
        assert self.client.get("/", follow=True).redirect_chain[-1][0] == "/my/"

    def test_a_failed_login_is_audited_without_the_password(self):
        response = self.login_with_password("alice", "not my password")
        assert response.status_code == 200
        assert b"username or password is not right" in response.content
        failed = AuditEntry.objects.get(action="login_failed")
        assert failed.username == "alice" and "not my password" not in str(failed.detail)

    def test_the_sixth_wrong_password_in_a_row_locks_the_account(self):
        for _ in range(6):
            self.login_with_password("alice", "wrong")
        response = self.login_with_password("alice")
        assert response.status_code == 429
        assert b"Account locked" in response.content
        assert "_auth_user_id" not in self.client.session
        assert AuditEntry.objects.filter(action="locked_out", username="alice").exists()

    def test_five_wrong_passwords_still_let_the_right_one_in(self):
        for _ in range(5):
            self.login_with_password("alice", "wrong")
        self.login_with_password("alice")
        assert self.client.session["_auth_user_id"] == str(self.alice.pk)

    def test_a_success_resets_the_count(self):
        for _ in range(5):
            self.login_with_password("alice", "wrong")
        self.login_with_password("alice")
        self.client.logout()
        for _ in range(5):
            self.login_with_password("alice", "wrong")
        self.login_with_password("alice")
        assert self.client.session["_auth_user_id"] == str(self.alice.pk)

    def test_logout_needs_a_post_and_is_audited(self):
        self.login(self.alice)
        self.client.post("/logout/")
        assert "_auth_user_id" not in self.client.session
        assert AuditEntry.objects.filter(action="logout", username="alice").exists()

    def test_pages_need_a_login(self):
        for url in ("/patients/", f"/patients/{self.patient.uuid}/", "/audit/", "/my/"):
            response = self.client.get(url)
            assert response.status_code == 302 and response.url.startswith("/login/")


class PasswordResetTests(ClinicTestCase):
    def test_reset_by_email_sets_a_new_password(self):
        self.client.post("/password/reset/", {"email": "alice@example.org"})
        assert len(mail.outbox) == 1
        link = re.search(r"http://\S+", mail.outbox[0].body).group(0)
        path = link.split("testserver", 1)[1]
        form_page = self.client.get(path, follow=True)
        assert form_page.status_code == 200
        new = "a brand new passphrase"
        self.client.post(
            form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
        )
        self.alice.refresh_from_db()
        assert self.alice.check_password(new)

    def test_an_unknown_address_reveals_nothing(self):
        response = self.client.post("/password/reset/", {"email": "nobody@example.org"})
        assert response.status_code == 302 and len(mail.outbox) == 0
