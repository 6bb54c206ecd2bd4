"""A login ends after SESSION_MAX_HOURS however busy it is kept."""

import time

from taut.security.sessions import STARTED
from tests.base import ClinicTestCase


class SessionLifetimeTests(ClinicTestCase):
    def start_hours_ago(self, hours):
        session = self.client.session
        session[STARTED] = int(time.time() - hours * 3600)
        session.save()

    def test_a_busy_session_still_ends_after_twelve_hours(self):
        self.login_with_password("alice")
        assert self.client.get("/patients/").status_code == 200
        self.start_hours_ago(12.1)
        response = self.client.get("/patients/")
        assert response.status_code == 302 and response.url.startswith("/login/")
        assert "_auth_user_id" not in self.client.session

    def test_a_session_younger_than_that_goes_on(self):
        self.login_with_password("alice")
        self.start_hours_ago(11.9)
        assert self.client.get("/patients/").status_code == 200
