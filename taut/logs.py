"""Logging filters."""

import logging


class ClientErrorsWithoutTracebacks(logging.Filter):
    """An expected 4xx (a 403 for the wrong role, a 404 outside the clinic) stays one warning
    line in the log; only server errors keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
