from datetime import date

from django import forms
from django.db import transaction
from django.utils import timezone

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics.versions import VersionedForm
from taut.patients.models import Patient
from taut.patients.phones import normalise_phone

OLDEST_AGE = 125


class PatientForm(VersionedForm, forms.ModelForm):
    """Demographics. Warns about a likely duplicate (same name and birth date) until confirmed;
    an edit names the version it started from (taut.clinics.versions)."""

    # Hidden until a likely duplicate is found; then shown as a checkbox to confirm.
    confirm_not_duplicate = forms.BooleanField(
        required=False,
        widget=forms.HiddenInput,
        label="This is a different person from the existing patient with the same name and "
        "date of birth",
    )

    class Meta:
        model = Patient
        fields = [
            "given_name", "family_name", "preferred_name", "date_of_birth", "sex",
            "chart_number", "phone", "email", "address", "emergency_contact",
        ]  # fmt: skip
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "address": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"given_name": "Given name", "family_name": "Family name", "email": "E-mail"}

    def __init__(self, *args, clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinic = clinic
        self.duplicates = Patient.objects.none()
        if self.instance.pk is not None:
            del self.fields["confirm_not_duplicate"]

    def theirs_kwargs(self) -> dict:
        return {"clinic": self.clinic}

    def create(self, request) -> Patient:
        """Save a new patient of the request's clinic, with its audit entry, in one go."""
        with transaction.atomic():
            patient = self.save(commit=False)
            patient.clinic, patient.created_by = request.clinic, request.user
            patient.save()
            log.record(request, Action.CREATE, patient)
        return patient

    def clean_given_name(self):
        return self.cleaned_data["given_name"].strip()

    def clean_family_name(self):
        return self.cleaned_data["family_name"].strip()

    def clean_date_of_birth(self):
        born: date = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError("The date of birth cannot be in the future.")
        if today.year - born.year > OLDEST_AGE:
            raise forms.ValidationError(f"The date of birth is more than {OLDEST_AGE} years ago.")
        return born

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        return normalise_phone(phone, self.clinic.country) if phone else ""

    def clean_chart_number(self):
        number = self.cleaned_data["chart_number"].strip()
        taken = Patient.objects.filter(clinic=self.clinic, chart_number=number)
        if number and taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Another patient of this clinic has this chart number.")
        return number

    def clean(self):
        data = super().clean()
        names = [data.get(f) for f in ("given_name", "family_name", "date_of_birth")]
        if self.instance.pk is None and all(names):
            self.duplicates = Patient.objects.filter(clinic=self.clinic).same_person(*names)
            if self.duplicates.exists() and not data.get("confirm_not_duplicate"):
                self.fields["confirm_not_duplicate"].widget = forms.CheckboxInput()
                self.add_error(
                    "confirm_not_duplicate",
                    "A patient with this name and date of birth already exists. Open that "
                    "record, or confirm that this is a different person.",
                )
        return data


class SearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=100,
        label="Search patients",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": "Name, birth date (YYYY-MM-DD), phone, chart no.",
            }
        ),
    )
    archived = forms.BooleanField(required=False, label="Show archived patients")
