"""The second factor: who must have one, which a person has, and their recovery codes.

Built on django-otp (authenticator apps through its TOTP plugin, recovery codes through its
static-token plugin) and django-otp-webauthn (passkeys). A person is *enrolled* once they
have an authenticator app or a passkey; recovery codes alone do not count.
"""

import logging
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from taut.clinics.models import SecondFactorPolicy
from taut.clinics.roles import Role

logger = logging.getLogger(__name__)
RECOVERY_CODES = 10
RECOVERY_DEVICE = "Recovery codes"
REQUIRED_OF = {
    SecondFactorPolicy.CLINICAL: {Role.ADMIN, Role.CLINICIAN},
    SecondFactorPolicy.ALL_STAFF: set(Role.values),
    SecondFactorPolicy.OPTIONAL: set(),
}


def required(clinic, roles) -> bool:
    """True when the clinic the person is acting in requires a second factor of their roles
    there. Read from what ClinicMiddleware already loaded, so it costs no query."""
    if clinic is None:
        return False
    return bool(set(roles) & REQUIRED_OF.get(clinic.second_factor, set()))


def apps(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True)


def passkeys(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True)


def enrolled(user) -> bool:
    """One query, asked on every request of a session that has not passed the second step."""
    either = apps(user).values("pk").union(passkeys(user).values("pk"))
    return either.exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Ten fresh single-use codes, replacing any earlier ones; shown once, stored as given."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def start_app(user) -> TOTPDevice:
    """An unconfirmed authenticator app, confirmed once the person types a code from it."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def pending_app(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def confirm_app(device: TOTPDevice, code: str) -> bool:
    if not device.verify_token(code.replace(" ", "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def remove_all_but_codes(user) -> None:
    """Forget the apps and passkeys (an admin's reset for someone who lost theirs)."""
    TOTPDevice.objects.filter(user=user).delete()
    WebAuthnCredential.objects.filter(user=user).delete()


def qr_svg(text: str) -> str:
    """The text as a QR code in SVG, for an authenticator app to scan; no image library needed."""
    out = BytesIO()
    qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(out)
    return out.getvalue().decode()


def notify(user, change: str) -> None:
    """Tell the person by e-mail that their sign-in factors changed, so a change they did not
    make is noticed (OWASP ASVS 2.5.5). A failure is logged; the change stands either way."""
    if not user.email:
        return
    link = settings.SITE_ROOT.rstrip("/") + reverse("second_factor")
    body = (
        f"{change} on your {settings.SITE_NAME} account.\n\n"
        f"If this was not you, log in and check your two-step login at {link}, change your "
        "password, and tell your clinic's admin.\n"
    )
    try:
        send_mail(f"{settings.SITE_NAME}: {change}", body, None, [user.email])
    except OSError:
        logger.exception("Could not e-mail %s about a change of sign-in factors", user.pk)
