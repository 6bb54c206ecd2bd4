"""A login ends after SESSION_IDLE_MINUTES idle, or SESSION_MAX_HOURS however busy it is kept;
a busy login's session is written at most once a minute, not on every request."""

import time
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from taut.security.sessions import LAST_SEEN, RENEW_AFTER, STARTED
from tests.base import ClinicTestCase


def session_writes(queries) -> list[str]:
    table = Session._meta.db_table
    return [
        q["sql"] for q in queries
        if table in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]  # fmt: skip


class SessionLifetimeTests(ClinicTestCase):
    def set_in_session(self, key, seconds_ago):
        session = self.client.session
        session[key] = int(time.time() - seconds_ago)
        session.save()

    def stored(self) -> Session:
        return Session.objects.get(session_key=self.client.session.session_key)

    def test_a_busy_session_still_ends_after_twelve_hours(self):
        self.login_with_password("alice")
        assert self.client.get("/patients/").status_code == 200
        self.set_in_session(STARTED, 12.1 * 3600)
        response = self.client.get("/patients/")
        assert response.status_code == 302 and response.url.startswith("/login/")
        assert "_auth_user_id" not in self.client.session

    def test_a_session_younger_than_that_goes_on(self):
        self.login_with_password("alice")
        self.set_in_session(STARTED, 11.9 * 3600)
        assert self.client.get("/patients/").status_code == 200

    def test_requests_within_a_minute_do_not_write_the_session(self):
        self.login_with_password("alice")  # the login's own save starts the clocks
        expiry = self.stored().expire_date
        with CaptureQueriesContext(connection) as queries:
            for _ in range(5):
                assert self.client.get("/patients/").status_code == 200
        assert session_writes(queries.captured_queries) == []
        assert self.stored().expire_date == expiry

    def test_a_request_a_minute_on_renews_the_expiry(self):
        self.login_with_password("alice")
        self.set_in_session(LAST_SEEN, RENEW_AFTER + 1)
        Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))
        with CaptureQueriesContext(connection) as queries:
            assert self.client.get("/patients/").status_code == 200
        assert len(session_writes(queries.captured_queries)) == 1
        assert self.stored().expire_date > timezone.now() + timedelta(minutes=29)
        assert self.client.session[LAST_SEEN] >= time.time() - 5

    def test_a_session_idle_past_the_limit_is_logged_out(self):
        self.login_with_password("alice")
        self.set_in_session(LAST_SEEN, 30 * 60 + 1)
        response = self.client.get("/patients/")
        assert response.status_code == 302 and response.url.startswith("/login/")
        assert "_auth_user_id" not in self.client.session

    def test_a_session_idle_just_under_the_limit_goes_on(self):
        self.login_with_password("alice")
        self.set_in_session(LAST_SEEN, 29 * 60)
        assert self.client.get("/patients/").status_code == 200

    def test_the_stored_expiry_ends_an_idle_session_too(self):
        self.login_with_password("alice")
        Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
        response = self.client.get("/patients/")
        assert response.status_code == 302 and response.url.startswith("/login/")
