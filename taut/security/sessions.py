"""How long a login lives: an idle limit, and an absolute limit however busy it is kept.

Idle: a login ends after SESSION_COOKIE_AGE (SESSION_IDLE_MINUTES) without a request. The
session's stored expiry is renewed whenever it is saved, so Django once saved the session
on every request (SESSION_SAVE_EVERY_REQUEST), a database write per page. Instead each
session carries the time it was last seen, renewed (and so saved, with a fresh expiry) only
when it is older than RENEW_AFTER; the idle limit is checked against that time here, so it
holds whatever the session engine. The cost is that a login may end up to RENEW_AFTER
earlier than SESSION_IDLE_MINUTES after its last request, never later.

Absolute: a session kept busy (a clinic PC left logged in at the front desk, refreshed all
day) would otherwise never end. OWASP ASVS 4.0.3 3.3.2 asks for re-authentication at least
every 12 hours at Level 2; SESSION_MAX_HOURS sets it.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

STARTED = "taut_login_started"
LAST_SEEN = "taut_last_seen"

# Engineering choice: at most one session write a minute per busy login, against an idle
# limit of 30 minutes that may come up to a minute early.
RENEW_AFTER = 60  # seconds


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and expired(request.session, time.time()):
            logout(request)  # the next page asks for a login, keeping where they were going
        return self.get_response(request)


def start_clocks(sender, request, user, **kwargs) -> None:
    """A login's clocks start when it is made, in the save the login does anyway.

    Django announces a login only by its user_logged_in signal (see taut/audit/auth_events.py).
    Without this the first page after a login would write the session once more.
    """
    now = int(time.time())
    request.session[STARTED] = now
    request.session[LAST_SEEN] = now


def expired(session, now: float) -> bool:
    """Whether the login is past either limit; otherwise note it as seen (when due)."""
    started = session.setdefault(STARTED, int(now))
    last_seen = session.setdefault(LAST_SEEN, int(now))
    if now - last_seen > settings.SESSION_COOKIE_AGE:
        return True
    if now - started > settings.SESSION_MAX_HOURS * 3600:
        return True
    if now - last_seen >= RENEW_AFTER:
        session[LAST_SEEN] = int(now)  # marks the session modified: saved, expiry renewed
    return False
