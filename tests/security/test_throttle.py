"""Throttles by client address: password spraying and the public appointment request form."""

from django.core import mail
from django.test import override_settings

from taut.scheduling.models import AppointmentRequest
from tests.factories import make_user
from tests.scheduling.test_public import PublicTestCase


@override_settings(LOGIN_IP_FAILURE_LIMIT=5)
class PasswordSprayingTests(PublicTestCase):
    def spray(self, count, ip="203.0.113.9"):
        for n in range(count):
            self.client.post(
                "/login/", {"username": f"guess{n}", "password": "Winter2026!"}, REMOTE_ADDR=ip
            )

    def test_many_usernames_from_one_address_are_refused(self):
        self.spray(5)
        response = self.client.post(
            "/login/", {"username": "alice", "password": "correct horse battery"},
            REMOTE_ADDR="203.0.113.9",
        )  # fmt: skip
        assert response.status_code == 429
        assert b"Too many failed logins from this network" in response.content
        assert "_auth_user_id" not in self.client.session

    def test_another_address_still_logs_in(self):
        self.spray(5)
        response = self.client.post(
            "/login/", {"username": "alice", "password": "correct horse battery"},
            REMOTE_ADDR="198.51.100.7",
        )  # fmt: skip
        assert response.status_code == 302

    def test_below_the_limit_a_colleague_still_logs_in_from_the_same_address(self):
        self.spray(4)
        response = self.client.post(
            "/login/", {"username": "alice", "password": "correct horse battery"},
            REMOTE_ADDR="203.0.113.9",
        )  # fmt: skip
        assert response.status_code == 302

    @override_settings(AUDIT_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
    def test_behind_a_proxy_the_forwarded_address_is_counted(self):
        for n in range(5):
            self.client.post(
                "/login/", {"username": f"guess{n}", "password": "x"},
                REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9",
            )  # fmt: skip
        from_sprayer = self.client.post(
            "/login/", {"username": "alice", "password": "correct horse battery"},
            REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9",
        )  # fmt: skip
        assert from_sprayer.status_code == 429
        other = self.client.post(
            "/login/", {"username": "alice", "password": "correct horse battery"},
            REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7",
        )  # fmt: skip
        assert other.status_code == 302


@override_settings(APPOINTMENT_REQUESTS_PER_HOUR=3)
class AppointmentRequestThrottleTests(PublicTestCase):
    sent = 0

    def send(self, ip="203.0.113.9"):
        # A new phone number each time, so the per-number limit of the form is not what stops it.
        self.sent += 1
        data = self.form_data(phone=f"(202) 555-01{self.sent:02d}")
        return self.client.post(self.page + "request/", data, REMOTE_ADDR=ip)

    def test_one_address_is_refused_after_the_limit_and_the_clinic_is_not_emailed(self):
        make_user("desk").memberships.create(clinic=self.clinic, role="front_desk")
        answers = [self.send().status_code for _ in range(30)]
        assert answers[:3] == [302, 302, 302]
        assert set(answers[3:]) == {429}
        assert AppointmentRequest.objects.filter(clinic=self.clinic).count() == 3
        refused = self.send()
        assert b"several requests from your network" in refused.content
        assert b"Ada Byron" in refused.content  # what they typed is kept
        assert len(mail.outbox) <= 3

    def test_another_address_is_still_served(self):
        for _ in range(3):
            self.send()
        assert self.send(ip="198.51.100.7").status_code == 302
