"""What a newcomer's browser and log see: a favicon on every page, and expected 403s and 404s
logged as one line, not as a traceback."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied

from taut.logs import ClientErrorsWithoutTracebacks
from tests.base import ClinicTestCase


class FaviconTests(ClinicTestCase):
    def test_favicon_ico_answers_with_an_icon(self):
        response = self.client.get("/favicon.ico")
        assert response.status_code == 200
        body = b"".join(response.streaming_content)
        assert body[:4] == b"\x00\x00\x01\x00"  # the ICO signature

    def test_pages_name_their_icons(self):
        page = self.client.get("/login/").content.decode()
        assert 'rel="icon" href="/favicon.ico"' in page and "favicon.svg" in page


def record(status: int | None) -> logging.LogRecord:
    try:
        raise PermissionDenied
    except PermissionDenied as error:
        exc_info = (type(error), error, error.__traceback__)
    rec = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Forbidden", (), exc_info
    )
    if status is not None:
        rec.status_code = status
    return rec


def test_a_403_keeps_its_line_but_not_its_traceback():
    rec = record(403)
    assert ClientErrorsWithoutTracebacks().filter(rec) and rec.exc_info is None


def test_a_500_keeps_its_traceback():
    rec = record(500)
    assert ClientErrorsWithoutTracebacks().filter(rec) and rec.exc_info is not None


def test_a_record_that_is_no_response_is_left_alone():
    rec = record(None)
    assert ClientErrorsWithoutTracebacks().filter(rec) and rec.exc_info is not None


class ForbiddenLogTests(ClinicTestCase):
    def test_the_console_handler_filters_client_errors(self):
        assert "client_errors" in settings.LOGGING["handlers"]["console"]["filters"]

    def test_django_logs_a_403_with_its_status_and_the_filter_drops_its_traceback(self):
        self.login(self.bob)  # the front desk may not read the audit log
        with self.assertLogs("django.request", "WARNING") as logs:
            assert self.client.get("/audit/").status_code == 403
        (rec,) = [r for r in logs.records if getattr(r, "status_code", None) == 403]
        assert rec.exc_info is not None  # what would print as a traceback
        assert ClientErrorsWithoutTracebacks().filter(rec) and rec.exc_info is None
