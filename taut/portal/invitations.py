"""Invitations to the portal: issuing, resending and revoking them, and turning a link or a
printed code back into the invitation it belongs to.

The secret of an invitation is a random key. The e-mailed link carries it inside a value signed
with Django's `signing` (TimestampSigner), so a link cannot be forged or altered; the printed
code is the key itself, typed by the patient. The database keeps only a keyed digest of the key
(Django's `salted_hmac`), so a copy of the database lets nobody in. A resend draws a new key,
which is what makes the older link or code stop working; accepting clears the invitation for
good (single use).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac

from taut.patients.models import Patient
from taut.portal.models import Invitation, InvitationKind, InvitationStatus

SALT = "taut.portal.invitation"
# Printed codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as
# two groups of four. 31**8 is about 8.5e11 codes; with THROTTLE_ATTEMPTS a guesser from one
# address tries 40 codes an hour. Engineering choices, not from a standard.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# Wrong codes allowed from one address in THROTTLE_WINDOW before the code page refuses more.
THROTTLE_ATTEMPTS = 10
THROTTLE_WINDOW = timedelta(minutes=15)


class InvitationError(Exception):
    """Why a link or code does not (or no longer) open an invitation, in the patient's words."""


def lifetime() -> timedelta:
    return timedelta(days=settings.PORTAL_INVITATION_DAYS)


def digest(key: str) -> str:
    return salted_hmac(SALT, key).hexdigest()


def new_key(kind: str) -> str:
    if kind == InvitationKind.CODE:
        return get_random_string(CODE_LENGTH, allowed_chars=CODE_ALPHABET)
    return get_random_string(32)


def token_for(invitation: Invitation, key: str) -> str:
    """The signed value in a join link: the invitation and its key."""
    return signing.TimestampSigner(salt=SALT).sign_object({"i": invitation.pk, "k": key})


def join_url(invitation: Invitation, key: str) -> str:
    return settings.SITE_ROOT + reverse("portal:join", args=[token_for(invitation, key)])


def shown_code(key: str) -> str:
    """ "ABCD-EFGH": the code as printed for the patient."""
    return f"{key[:4]}-{key[4:]}"


def normalised_code(text: str) -> str:
    """What the patient typed, upper-cased, without spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def issue(patient, by, kind: str, email: str = "") -> tuple[Invitation, str]:
    """A new invitation for `patient` and its key. Earlier pending invitations are revoked:
    one live invitation per patient is easier to reason about for staff and patient."""
    key, now = new_key(kind), timezone.now()
    with transaction.atomic():
        for old in pending(patient):
            revoke(old, by)
        invitation = Invitation.objects.create(
            clinic=patient.clinic, patient=patient, kind=kind, email=email,
            key_digest=digest(key), created_by=by, sent_at=now, expires_at=now + lifetime(),
        )  # fmt: skip
    return invitation, key


def reissue(invitation: Invitation, by) -> str:
    """A fresh key and expiry for the same invitation (resend, or reprint a code), live again
    if it was revoked; the old link or code stops working, as do other pending invitations."""
    key, now = new_key(invitation.kind), timezone.now()
    with transaction.atomic():
        for old in pending(invitation.patient).exclude(pk=invitation.pk):
            revoke(old, by)
        invitation.key_digest = digest(key)
        invitation.sent_at, invitation.expires_at = now, now + lifetime()
        invitation.opened_at = invitation.revoked_at = invitation.revoked_by = None
        invitation.times_sent += 1
        invitation.save(update_fields=[
            "key_digest", "sent_at", "expires_at", "opened_at", "revoked_at", "revoked_by",
            "times_sent",
        ])  # fmt: skip
    return key


def revoke(invitation: Invitation, by) -> None:
    invitation.revoked_at, invitation.revoked_by = timezone.now(), by
    invitation.save(update_fields=["revoked_at", "revoked_by"])


def pending(patient):
    """The patient's invitations that could still be accepted."""
    return Invitation.objects.filter(
        patient=patient, accepted_at__isnull=True, revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )  # fmt: skip


def send(invitation: Invitation, key: str) -> None:
    """E-mail the join link to the invitation's address."""
    clinic = invitation.clinic
    context = {
        "patient": invitation.patient, "clinic": clinic, "url": join_url(invitation, key),
        "expires_at": invitation.expires_at,
    }  # fmt: skip
    send_mail(
        f"Your patient portal at {clinic.name}",
        render_to_string("portal/email/invitation.txt", context),
        None,
        [invitation.email],
    )


def from_token(token: str) -> tuple[Invitation, str]:
    """The invitation a join link names, and its key, if it can still be accepted."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=lifetime())
    except signing.SignatureExpired:
        raise InvitationError("This invitation has expired.") from None
    except signing.BadSignature:
        raise InvitationError("This link is not a valid invitation.") from None
    invitation = Invitation.objects.select_related("patient", "clinic").filter(pk=value.get("i"))
    invitation = invitation.first()
    key = str(value.get("k", ""))
    if invitation is None or not constant_time_compare(digest(key), invitation.key_digest):
        # A signed link with an older key: the invitation was sent again since.
        raise InvitationError("This link has been replaced by a newer invitation.")
    check_open(invitation)
    return invitation, key


def from_code(text: str) -> tuple[Invitation, str]:
    """The pending printed-code invitation whose code is `text`."""
    key = normalised_code(text)
    invitation = (
        Invitation.objects.select_related("patient", "clinic")
        .filter(kind=InvitationKind.CODE, key_digest=digest(key))
        .first()
    )
    if invitation is None or len(key) != CODE_LENGTH:
        raise InvitationError("This code is not right. Check it against your letter.")
    check_open(invitation)
    return invitation, key


def check_open(invitation: Invitation) -> None:
    status = invitation.status
    if status == InvitationStatus.ACCEPTED:
        raise InvitationError("This invitation has been used already. Log in instead.")
    if status == InvitationStatus.REVOKED:
        raise InvitationError("This invitation was withdrawn by the clinic.")
    if status == InvitationStatus.EXPIRED:
        raise InvitationError("This invitation has expired. Ask the clinic for a new one.")
    if invitation.patient.archived_at is not None or invitation.patient.portal_user_id:
        raise InvitationError("This invitation can no longer be used. Ask the clinic.")


def mark_opened(invitation: Invitation) -> bool:
    """Note the first opening; True when this was it."""
    if invitation.opened_at:
        return False
    invitation.opened_at = timezone.now()
    invitation.save(update_fields=["opened_at"])
    return True


def accept(invitation: Invitation, user) -> None:
    """Link the patient record to `user` and close the invitation, once: a second, concurrent
    acceptance of the same invitation finds it closed and fails."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        check_open(locked)
        if Patient.objects.filter(clinic=locked.clinic_id, portal_user=user).exists():
            raise InvitationError(f"Your login already has a record at {locked.clinic.name}.")
        locked.accepted_at, locked.accepted_by = timezone.now(), user
        locked.save(update_fields=["accepted_at", "accepted_by"])
        patient = locked.patient
        patient.portal_user = user
        patient.save(update_fields=["portal_user", "updated_at"])
    invitation.accepted_at, invitation.accepted_by = locked.accepted_at, user


def throttled(ip: str | None) -> bool:
    """Whether this address has typed THROTTLE_ATTEMPTS wrong codes within THROTTLE_WINDOW.
    Wrong codes are failed logins in the audit trail, so the count needs no table of its own."""
    from taut.audit.actions import Action
    from taut.audit.models import AuditEntry

    recent = AuditEntry.objects.filter(
        action=Action.LOGIN_FAILED, ip=ip, at__gte=timezone.now() - THROTTLE_WINDOW,
        detail__portal_code=True,
    )  # fmt: skip
    return recent.count() >= THROTTLE_ATTEMPTS
