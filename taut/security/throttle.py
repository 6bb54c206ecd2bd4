"""Throttles by client address: failed logins (password spraying) and public requests.

Counted in the database, not in a per-process cache, so every worker sees the same count.
The address comes from `taut.audit.log.client_ip`, which honours AUDIT_CLIENT_IP_HEADER
behind a trusted proxy, so the audit trail and the throttle agree on who was asking.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from taut.audit.log import client_ip
from taut.security.models import Hit


@dataclass(frozen=True)
class Limit:
    scope: str
    count: int
    window: timedelta

    def key(self, request: HttpRequest) -> str:
        return client_ip(request) or "unknown"

    def exceeded(self, request: HttpRequest) -> bool:
        since = timezone.now() - self.window
        hits = Hit.objects.filter(scope=self.scope, key=self.key(request), at__gt=since)
        return hits.count() >= self.count

    def hit(self, request: HttpRequest) -> None:
        now = timezone.now()
        # Forget what has left every window, so the table stays the size of the last window.
        Hit.objects.filter(scope=self.scope, at__lte=now - self.window).delete()
        Hit.objects.create(scope=self.scope, key=self.key(request), at=now)

    @property
    def minutes(self) -> int:
        return int(self.window.total_seconds() // 60)


def login_failures() -> Limit:
    """Failed logins from one address, whatever usernames were tried."""
    return Limit("login", settings.LOGIN_IP_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME)


def appointment_requests() -> Limit:
    """Appointment requests from one address; each one e-mails the clinic."""
    return Limit("appointment-request", settings.APPOINTMENT_REQUESTS_PER_HOUR, timedelta(hours=1))
