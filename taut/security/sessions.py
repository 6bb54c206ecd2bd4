"""An absolute limit on a login's life, beside the idle limit Django already enforces.

A session kept busy (a clinic PC left logged in at the front desk, refreshed all day) would
otherwise never end. OWASP ASVS 4.0.3 3.3.2 asks for re-authentication at least every 12
hours at Level 2; SESSION_MAX_HOURS sets it.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

STARTED = "taut_login_started"


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.setdefault(STARTED, int(time.time()))
            if time.time() - started > settings.SESSION_MAX_HOURS * 3600:
                logout(request)  # the next page asks for a login, keeping where they were going
        return self.get_response(request)
