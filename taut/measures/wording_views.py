"""The clinic admin's questionnaire wording pages: which instruments have their full wording,
and the upload of a licensed instrument's wording, checked against its item and option counts
and kept as a new version (never edited)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.measures import wordings
from taut.measures.instruments import SPECS
from taut.measures.models import InstrumentWording
from taut.scoring import wording
from taut.scoring.wording import WordingError


class UploadForm(forms.Form):
    file = forms.FileField(label="A YAML or JSON file", required=False)
    text = forms.CharField(
        label="Or paste its content", required=False, max_length=wording.MAX_UPLOAD, strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false", "class": "code"}),
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), data.get("text")
        if upload:
            if upload.size > wording.MAX_UPLOAD:
                raise forms.ValidationError(f"The file is larger than {wording.MAX_UPLOAD} bytes.")
            try:
                data["content"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError("The file is not UTF-8 text.") from None
        elif text and text.strip():
            data["content"] = text
        else:
            raise forms.ValidationError("Choose a file, or paste the wording.")
        return data


def licensed(instrument: str) -> str:
    if instrument not in wording.LICENSED:
        raise Http404("Not a licensed instrument")
    return instrument


@login_required
def wording_list(request):
    access.require(request, Capability.MANAGE_CLINIC)
    rows = InstrumentWording.objects.filter(clinic=request.clinic).select_related("uploaded_by")
    latest = {}
    for row in rows:  # ordered by instrument, newest version first
        latest.setdefault(row.instrument, row)
    shipped = [(SPECS[name], wording.shipped(name)) for name in wording.SHIPPED]
    licensed_rows = [(SPECS[name], latest.get(name)) for name in wording.LICENSED]
    log.record(request, Action.LIST, detail={"page": "questionnaire wording"})
    context = {"shipped": shipped, "licensed": licensed_rows}
    return render(request, "measures/wordings.html", context)


@login_required
def wording_detail(request, instrument):
    """One licensed instrument: its current wording, earlier versions, and the upload."""
    access.require(request, Capability.MANAGE_CLINIC)
    instrument = licensed(instrument)
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                row = wordings.upload(
                    request.clinic, instrument, form.cleaned_data["content"], request.user
                )
                log.record(request, Action.CREATE, row,
                           detail={"wording": instrument, "version": row.version})  # fmt: skip
        except WordingError as error:
            form.add_error(None, f"Not loaded: {error}.")
        else:
            messages.success(
                request, f"{SPECS[instrument].short} wording loaded as version {row.version}."
            )
            return redirect("wordings:detail", instrument)
    versions = list(
        InstrumentWording.objects.filter(
            clinic=request.clinic, instrument=instrument
        ).select_related("uploaded_by")
    )
    current = versions[0].parsed() if versions else None
    context = {
        "spec": SPECS[instrument], "form": form, "versions": versions, "current": current,
        "shape": wording.shape_help(instrument),
    }  # fmt: skip
    return render(request, "measures/wording.html", context)


@login_required
def wording_template(request, instrument):
    """A YAML skeleton with the right number of items and options, to fill in."""
    access.require(request, Capability.MANAGE_CLINIC)
    instrument = licensed(instrument)
    response = HttpResponse(wording.template(instrument), content_type="text/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{instrument}-wording.yaml"'
    return response
