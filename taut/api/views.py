"""The API tokens page: a person lists, creates and revokes their own tokens. A new token's
secret is shown once, in the answer to the form, and never stored."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from taut.api import tokens
from taut.api.forms import TokenForm
from taut.api.models import ApiToken
from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access


def may_have_tokens(request) -> bool:
    """Staff acting in a clinic, or a patient with a portal record."""
    return request.clinic is not None or access.own_patients(request).exists()


@login_required
def token_list(request):
    form = TokenForm(request.POST if request.method == "POST" else None)
    secret = None
    if request.method == "POST" and form.is_valid():
        if not may_have_tokens(request):
            form.add_error(None, "Your account has no clinic or patient record to reach.")
        else:
            with transaction.atomic():
                data = form.cleaned_data
                token, secret = tokens.issue(
                    request.user, request.clinic, data["name"],
                    scope=data["scope"], days=data["days"],
                )  # fmt: skip
                detail = {"api_token": token.name, "scope": token.scope, "days": data["days"]}
                log.record(request, Action.CREATE, token, detail=detail)
            form = TokenForm()
    context = {
        "form": form,
        "secret": secret,
        "tokens": ApiToken.objects.filter(user=request.user).select_related("clinic"),
    }
    response = render(request, "api/tokens.html", context)
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def token_revoke(request, pk):
    token = ApiToken.objects.filter(user=request.user, pk=pk).first()
    if token is None:
        raise Http404("Not found")
    if tokens.revoke(token):
        log.record(request, Action.CHANGE, token, detail={"api_token": token.name, "revoked": True})
        messages.success(request, f"“{token.name}” was revoked; it no longer works.")
    else:
        messages.error(request, f"“{token.name}” was already revoked.")
    return redirect("api:tokens")
