"""django-otp-webauthn's passkey check, with the result written to the audit trail like the
app and recovery-code checks of the two-step login page."""

from django_otp_webauthn.views import CompleteCredentialAuthenticationView

from taut.audit import log
from taut.audit.actions import Action


class AuditedPasskeyCheck(CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        super().complete_auth(device)
        log.record(self.request, Action.LOGIN, detail={"second_factor": device.persistent_id})
