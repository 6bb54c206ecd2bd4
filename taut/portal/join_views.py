"""The patient's side of an invitation: open the e-mailed link (or type the printed code),
then choose a username and password. The new login is linked to the patient record, the
invitation is closed, and the patient lands on their portal page."""

from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.debug import sensitive_post_parameters

from taut.audit import log
from taut.audit.actions import Action
from taut.portal import invitations
from taut.portal.invitation_forms import CodeForm, JoinForm
from taut.portal.invitations import InvitationError

BACKEND = "django.contrib.auth.backends.ModelBackend"


def refused(request, error: InvitationError):
    return render(request, "portal/join_refused.html", {"reason": str(error)}, status=410)


@sensitive_post_parameters("password1", "password2")
def join(request, token):
    """Set up a portal login from an invitation. A patient already logged in (a login from
    another clinic) links this clinic's record to it instead."""
    try:
        invitation, _ = invitations.from_token(token)
    except InvitationError as error:
        return refused(request, error)
    if invitations.mark_opened(invitation):
        log.record(request, Action.CHANGE, invitation, detail={"invitation": "opened"})
    user = request.user if request.user.is_authenticated else None
    if user is not None and user.memberships.filter(is_active=True).exists():
        context = {"reason": "You are logged in as clinic staff. Log out, then open the link "
                             "again to set up the patient's own login."}  # fmt: skip
        return render(request, "portal/join_refused.html", context, status=403)
    data = request.POST if request.method == "POST" else None
    form = None if user else JoinForm(data, initial={"username": suggested_username(invitation)})
    if data is not None and (form is None or form.is_valid()):
        try:
            with transaction.atomic():
                if user is None:
                    user = create_login(form, invitation)
                    log.record(request, Action.CREATE, user=user, clinic_id=invitation.clinic_id,
                               detail={"portal_login": user.username})  # fmt: skip
                invitations.accept(invitation, user)
                log.record(request, Action.CHANGE, invitation, user=user,
                           detail={"invitation": "accepted"})  # fmt: skip
        except InvitationError as error:
            return refused(request, error)
        if not request.user.is_authenticated:
            login(request, user, backend=BACKEND)
        messages.success(request, f"Welcome. Your portal at {invitation.clinic.name} is ready.")
        return redirect("portal:home")
    context = {"form": form, "invitation": invitation, "patient": invitation.patient}
    response = render(request, "portal/join.html", context)
    add_never_cache_headers(response)
    return response


def suggested_username(invitation) -> str:
    return invitation.email or ""


def create_login(form: JoinForm, invitation):
    user = form.save(commit=False)
    patient = invitation.patient
    user.first_name, user.last_name = patient.given_name, patient.family_name
    user.email = invitation.email or patient.email
    user.save()
    return user


def enter_code(request):
    """The "I have a code" page: a right code leads on to the join page; wrong codes are
    audited as failed logins and, past invitations.THROTTLE_ATTEMPTS, refused for a while."""
    form = CodeForm(request.POST if request.method == "POST" else None)
    ip = log.client_ip(request)
    if request.method == "POST" and invitations.throttled(ip):
        form.is_valid()
        form.add_error(None, "Too many wrong codes from here. Wait a quarter of an hour, or "
                             "call your clinic.")  # fmt: skip
        return render(request, "portal/enter_code.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, key = invitations.from_code(form.cleaned_data["code"])
        except InvitationError as error:
            log.record(request, Action.LOGIN_FAILED, username="(portal code)",
                       detail={"portal_code": True})  # fmt: skip
            form.add_error("code", str(error))
        else:
            token = invitations.token_for(invitation, key)
            return redirect(reverse("portal:join", args=[token]))
    return render(request, "portal/enter_code.html", {"form": form})
