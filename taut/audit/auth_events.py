"""Logins, logouts, failed logins and lockouts go to the audit trail.

Django and django-axes announce these only through signals, so logins are the one thing Taut
listens to signals for (here, and to start a session's clocks in taut/security/sessions.py).
Each entry is filed under the person's clinic, so that the clinic's admins see attempts on
their staff's accounts.
"""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from taut.audit import log
from taut.audit.actions import Action


def home_clinic_id(user) -> int | None:
    if user is None:
        return None
    membership = user.memberships.filter(is_active=True).order_by("clinic__name").first()
    if membership is not None:
        return membership.clinic_id
    record = user.patient_records.order_by("pk").first()
    return record.clinic_id if record else None


def user_named(username: str):
    return get_user_model().objects.filter(username=username).first() if username else None


def on_login(sender, request, user, **kwargs):
    log.record(request, Action.LOGIN, user=user, clinic_id=home_clinic_id(user))


def on_logout(sender, request, user, **kwargs):
    if user is not None:
        log.record(request, Action.LOGOUT, user=user, clinic_id=home_clinic_id(user))


def on_login_failed(sender, credentials, request=None, **kwargs):
    # Only the name that was tried is kept, never the password.
    username = str(credentials.get("username", ""))
    user = user_named(username)
    log.record(
        request, Action.LOGIN_FAILED, user=user, username=username, clinic_id=home_clinic_id(user)
    )


def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    user = user_named(username or "")
    log.record(
        request, Action.LOCKED_OUT, user=user, username=username or "",
        clinic_id=home_clinic_id(user),
    )  # fmt: skip


def connect() -> None:
    user_logged_in.connect(on_login, dispatch_uid="taut-audit-login")
    user_logged_out.connect(on_logout, dispatch_uid="taut-audit-logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="taut-audit-login-failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="taut-audit-locked-out")
