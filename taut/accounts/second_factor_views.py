"""The two-step login pages: asking for the second factor, and setting one up."""

from base64 import b32encode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token

from taut.accounts import second_factor
from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.models import Clinic
from taut.clinics.roles import Capability
from taut.clinics.versions import Stale, VersionedForm, conflict_page


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6 digits your authenticator app shows, or one of your recovery codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class PolicyForm(VersionedForm, forms.ModelForm):
    """The clinic's rule, saved only over the version of the clinic the page was loaded with."""

    class Meta:
        model = Clinic
        fields = ["second_factor"]


class ConfirmAppForm(forms.Form):
    code = forms.CharField(
        label="Code from the app",
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def next_url(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else "/"


@login_required
def verify(request):
    """After the password: a code from the app, a recovery code, or a passkey."""
    if request.user.is_verified() or not second_factor.enrolled(request.user):
        return redirect(next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            log.record(request, Action.LOGIN, detail={"second_factor": device.persistent_id})
            return redirect(next_url(request))
        log.record(request, Action.LOGIN_FAILED, detail={"second_factor": True})
        form.add_error("code", "That code is not right, or was already used.")
    context = {
        "form": form,
        "next": next_url(request),
        "has_passkey": second_factor.passkeys(request.user).exists(),
    }
    return render(request, "accounts/second_factor_verify.html", context)


def may_change(request) -> bool:
    """Changing one's factors needs the second step passed first, once there is one."""
    return request.user.is_verified() or not second_factor.enrolled(request.user)


@login_required
def overview(request):
    if not may_change(request):
        return redirect(f"{reverse('second_factor_verify')}?next={request.path}")
    user = request.user
    pending = second_factor.pending_app(user)
    context = {
        "required": second_factor.required(request.clinic, request.roles),
        "enrolled": second_factor.enrolled(user),
        "apps": second_factor.apps(user),
        "passkeys": second_factor.passkeys(user),
        "codes_left": second_factor.recovery_codes_left(user),
        "pending": pending,
        "pending_qr": second_factor.qr_svg(pending.config_url) if pending else None,
        "pending_key": b32encode(pending.bin_key).decode() if pending else None,
        "confirm_form": ConfirmAppForm(),
        "next": request.GET.get("next", ""),
        "policy_form": PolicyForm(instance=request.clinic) if request.clinic else None,
    }
    return render(request, "accounts/second_factor.html", context)


@login_required
@require_POST
def clinic_policy(request):
    """A clinic admin chooses whom the clinic requires a second factor of."""
    access.require(request, Capability.MANAGE_CLINIC)
    if not request.user.is_verified():
        messages.error(request, "Pass the second step yourself before changing the clinic's rule.")
        return redirect("second_factor")
    clinic = Clinic.objects.get(pk=request.clinic.pk)
    form = PolicyForm(request.POST, instance=clinic)
    if not form.is_valid():
        problems = " ".join(e for errors in form.errors.values() for e in errors)
        messages.error(request, f"Not saved: {problems}")
        return redirect("second_factor")
    try:
        with transaction.atomic():
            form.save_versioned()
            log.record(request, Action.CHANGE, clinic,
                       detail={"second_factor": clinic.second_factor})  # fmt: skip
    except Stale as stale:
        return conflict_page(request, form, stale, title="The clinic's second-factor rule",
                             back_url=reverse("second_factor"))  # fmt: skip
    messages.success(
        request, f"Second factor now required of: {clinic.get_second_factor_display()}."
    )
    return redirect("second_factor")


@login_required
@require_POST
def add_app(request):
    if not may_change(request):
        return redirect("second_factor_verify")
    second_factor.start_app(request.user)
    return redirect("second_factor")


@login_required
@require_POST
def confirm_app(request):
    if not may_change(request):
        return redirect("second_factor_verify")
    device = second_factor.pending_app(request.user)
    form = ConfirmAppForm(request.POST)
    if device is None or not form.is_valid():
        return redirect("second_factor")
    if not second_factor.confirm_app(device, form.cleaned_data["code"]):
        messages.error(request, "That code did not match. Check the app's clock, and try again.")
        return redirect("second_factor")
    otp_login(request, device)
    log.record(request, Action.CHANGE, detail={"second_factor": "app added"})
    second_factor.notify(request.user, "An authenticator app was added")
    return recovery_codes_page(request, first=True)


@login_required
@require_POST
def new_codes(request):
    if not request.user.is_verified():
        return redirect("second_factor")
    log.record(request, Action.CHANGE, detail={"second_factor": "new recovery codes"})
    second_factor.notify(request.user, "New recovery codes were made")
    return recovery_codes_page(request, first=False)


def recovery_codes_page(request, *, first: bool):
    codes = second_factor.new_recovery_codes(request.user)
    context = {"codes": codes, "first": first, "next": next_url(request)}
    return render(request, "accounts/recovery_codes.html", context)


@login_required
@require_POST
def remove(request, kind, pk):
    if kind not in ("app", "passkey"):
        raise Http404("No such kind of factor")
    if not request.user.is_verified():
        return redirect("second_factor")
    user = request.user
    factors = second_factor.apps(user).count() + second_factor.passkeys(user).count()
    if second_factor.required(request.clinic, request.roles) and factors <= 1:
        messages.error(
            request, "Your clinic requires a second factor: add another before removing this one."
        )
        return redirect("second_factor")
    found = second_factor.apps if kind == "app" else second_factor.passkeys
    deleted, _ = found(user).filter(pk=pk).delete()
    if deleted:
        log.record(request, Action.CHANGE, detail={"second_factor": f"{kind} removed"})
        second_factor.notify(
            user,
            "A passkey was removed" if kind == "passkey" else "An authenticator app was removed",
        )
        messages.success(request, "Removed.")
    return redirect("second_factor")
