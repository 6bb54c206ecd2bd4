"""The clinic's plan rules page: see the rules in force and the defaults, save a new version,
reset to the defaults.

Clinicians and clinic admins may both change them: the rules are clinical judgement (so the
clinicians who apply them own them) and clinic policy (so the admin who runs the clinic does);
every version records who saved it. The front desk has no say in clinical dosing (403).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics.roles import Capability
from taut.planning import rules as planning_rules
from taut.plans import clinic_rules

MAY_EDIT = (Capability.WRITE_CLINICAL, Capability.MANAGE_CLINIC)


class RulesForm(forms.Form):
    based_on = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    text = forms.CharField(
        label="Rules (YAML)", max_length=50_000, strip=False,
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "class": "code"}),
    )  # fmt: skip


def require_editor(request) -> None:
    if getattr(request, "clinic", None) is None:
        raise Http404("Not found")
    if not any(c in request.capabilities for c in MAY_EDIT):
        raise PermissionDenied("Only clinicians and clinic admins may change the plan rules.")


@login_required
def rules_page(request):
    require_editor(request)
    saved = clinic_rules.latest(request.clinic)
    version = saved.version if saved else 0
    text = saved.text if saved else planning_rules.default_text()
    form = RulesForm(request.POST or None, initial={"based_on": version, "text": text})
    if request.method == "POST" and form.is_valid():
        try:
            row = clinic_rules.save(
                request.clinic, form.cleaned_data["text"], request.user,
                based_on=form.cleaned_data["based_on"],
            )  # fmt: skip
        except planning_rules.RulesError as error:
            form.add_error("text", f"Not saved: {error}")
        except clinic_rules.RulesChanged:
            messages.error(
                request,
                "Someone saved the rules while you were editing; nothing was saved. "
                "Their version is shown: make your change again.",
            )
            return redirect("plan_rules:edit")
        else:
            log.record(request, Action.CHANGE, row, detail={"version": row.version})
            messages.success(request, f"Plan rules version {row.version} saved.")
            return redirect("plan_rules:edit")
    history = request.clinic.plan_rules.select_related("saved_by").order_by("-version")[:20]
    return render(request, "plans/rules.html", {
        "form": form, "saved": saved, "history": history,
        "defaults": planning_rules.default_text(),
    }, status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_POST
def rules_reset(request):
    """Save Taut's defaults as the clinic's next version."""
    require_editor(request)
    saved = clinic_rules.latest(request.clinic)
    try:
        row = clinic_rules.save(
            request.clinic, planning_rules.default_text(), request.user,
            based_on=saved.version if saved else 0, is_default=True,
        )  # fmt: skip
    except clinic_rules.RulesChanged:
        messages.error(request, "Someone saved the rules meanwhile; nothing was reset.")
        return redirect("plan_rules:edit")
    log.record(request, Action.CHANGE, row, detail={"version": row.version, "reset": True})
    messages.success(request, "The plan rules are Taut's defaults again.")
    return redirect("plan_rules:edit")
