"""The clinic outcomes dashboard: responders by measure and body area, sessions needed, adverse
event rates, for episodes opened in a date range (the last 12 months unless asked)."""

from datetime import date, timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics.roles import Capability
from taut.measures import outcomes

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RangeForm(forms.Form):
    start = forms.DateField(label="Episodes opened from", required=False, widget=DATE_INPUT)
    end = forms.DateField(label="to", required=False, widget=DATE_INPUT)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("The range starts after it ends.")
        return data


def last_12_months(today: date) -> tuple[date, date]:
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return year_ago + timedelta(days=1), today


def require_outcomes(request) -> None:
    """Clinicians and clinic admins see the clinic's outcomes; the front desk does not."""
    if getattr(request, "clinic", None) is None:
        raise Http404("Not found")
    if not {Capability.SEE_CLINICAL, Capability.MANAGE_CLINIC} & request.capabilities:
        raise PermissionDenied("Your role does not allow the outcomes dashboard.")


@login_required
def dashboard(request):
    require_outcomes(request)
    default_start, default_end = last_12_months(timezone.localdate())
    asked = "start" in request.GET or "end" in request.GET
    form = RangeForm(request.GET if asked else None, initial={"start": default_start,
                                                              "end": default_end})  # fmt: skip
    result = None
    if not asked or form.is_valid():
        data = form.cleaned_data if asked else {}
        start = data.get("start") or default_start
        end = data.get("end") or default_end
        if start > end:  # only one end given, beyond the other default
            form.add_error(None, "The range starts after it ends.")
        else:
            # Counts and shares only, no patient's findings: clinic admins read it too.
            result = outcomes.clinic_outcomes(request.clinic, start, end)
            detail = {"page": "outcomes", "from": str(start), "to": str(end)}
            log.record(request, Action.VIEW, None, detail=detail)
    context = {
        "form": form, "result": result, "published": outcomes.PUBLISHED, "few": outcomes.FEW,
    }  # fmt: skip
    return render(request, "measures/dashboard.html", context)
