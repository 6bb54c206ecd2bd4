"""Staff side of portal invitations, on the patient page: invite by e-mail, print a one-time
code, resend and revoke. Every lookup goes through the access layer (404 outside the clinic)
and every action is audited."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.patients.models import Patient
from taut.portal import invitations
from taut.portal.invitation_forms import InviteForm
from taut.portal.models import Invitation, InvitationKind


def invitable(request, uuid) -> Patient:
    """The patient, if staff may invite them: active, in this clinic, without a login."""
    access.require(request, Capability.EDIT_PATIENTS)
    return access.get_for(request, Patient.objects.active(), uuid=uuid)


@login_required
def invite(request, uuid):
    """Send an e-mail invitation (GET shows the form with the patient's address filled in)."""
    patient = invitable(request, uuid)
    if patient.portal_user_id:
        messages.error(request, f"{patient.full_name} already has a portal login.")
        return redirect("patients:detail", patient.uuid)
    data = request.POST if request.method == "POST" else None
    form = InviteForm(data, initial={"email": patient.email})
    if data is not None and form.is_valid():
        with transaction.atomic():
            invitation, key = invitations.issue(
                patient, request.user, InvitationKind.EMAIL, form.cleaned_data["email"]
            )
            log.record(request, Action.CREATE, invitation, detail={"invitation": "e-mail"})
            invitations.send(invitation, key)
        messages.success(request, f"Invitation sent to {invitation.email}.")
        return redirect("patients:detail", patient.uuid)
    context = {"form": form, "patient": patient, "days": settings.PORTAL_INVITATION_DAYS}
    return render(request, "portal/invite.html", context)


@login_required
@require_POST
def print_code(request, uuid):
    """A printable letter with a new one-time code. The code is shown only in this answer
    (never stored in the clear), so the page is not cached; printing again means a new code."""
    patient = invitable(request, uuid)
    if patient.portal_user_id:
        messages.error(request, f"{patient.full_name} already has a portal login.")
        return redirect("patients:detail", patient.uuid)
    with transaction.atomic():
        invitation, key = invitations.issue(patient, request.user, InvitationKind.CODE)
        log.record(request, Action.CREATE, invitation, detail={"invitation": "printed code"})
    return code_letter(request, invitation, key)


def code_letter(request, invitation, key):
    context = {
        "patient": invitation.patient, "invitation": invitation,
        "code": invitations.shown_code(key),
        "code_url": settings.SITE_ROOT + reverse("portal:code"),
    }  # fmt: skip
    response = render(request, "portal/code_letter.html", context)
    add_never_cache_headers(response)
    return response


def staff_invitation(request, uuid, pk) -> Invitation:
    patient = invitable(request, uuid)
    return access.get_for(
        request, Invitation.objects.select_related("patient"), patient=patient, pk=pk,
        action=Action.CHANGE,
    )  # fmt: skip


@login_required
@require_POST
def resend(request, uuid, pk):
    """Send the e-mail again, or print a new code, with a fresh expiry; the old one stops."""
    invitation = staff_invitation(request, uuid, pk)
    if invitation.accepted_at or invitation.patient.portal_user_id:
        messages.error(request, "This invitation was accepted; there is nothing to resend.")
        return redirect("patients:detail", uuid)
    with transaction.atomic():
        key = invitations.reissue(invitation, request.user)
        log.record(request, Action.CHANGE, invitation, detail={"invitation": "resent"})
        if invitation.kind == InvitationKind.EMAIL:
            invitations.send(invitation, key)
    if invitation.kind == InvitationKind.CODE:
        return code_letter(request, invitation, key)
    messages.success(request, f"Invitation sent again to {invitation.email}.")
    return redirect("patients:detail", uuid)


@login_required
@require_POST
def revoke(request, uuid, pk):
    invitation = staff_invitation(request, uuid, pk)
    if invitation.is_pending:
        with transaction.atomic():
            invitations.revoke(invitation, request.user)
            log.record(request, Action.CHANGE, invitation, detail={"invitation": "revoked"})
        messages.success(request, "Invitation revoked: its link or code no longer works.")
    return redirect("patients:detail", uuid)
