"""The public appointment request form: what a stranger may send the front desk."""

from django import forms
from django.utils import timezone

from taut.clinics.models import Clinic
from taut.patients.phones import display_phone, normalise_phone
from taut.scheduling.models import AppointmentRequest, Kind, RequestStatus, TimeOfDay

# How far ahead a request may ask for; beyond that the front desk's calendars are not open.
FURTHEST_DAYS_AHEAD = 365
# Requests from one phone number still waiting in the queue: more than this is someone (or
# something) sending the form again and again, and the front desk will call them anyway.
MAX_WAITING_PER_PHONE = 3


class RequestForm(forms.ModelForm):
    # A field people never see (hidden by CSS, skipped by keyboard and screen readers) that
    # form-filling robots fill in; a request that has it is dropped as spam.
    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = AppointmentRequest
        fields = ["name", "phone", "email", "kind", "preferred_date", "preferred_time", "message"]
        labels = {
            "name": "Your name", "phone": "Phone number", "email": "E-mail (optional)",
            "kind": "What is the visit for?", "preferred_date": "Preferred day",
            "preferred_time": "Time of day", "message": "Anything we should know? (optional)",
        }  # fmt: skip
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "preferred_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "message": forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        }
        help_texts = {
            "phone": "We will call or text you on this number to confirm a time.",
            "message": "Please do not write medical details here; we will ask at the visit.",
        }

    def __init__(self, *args, clinic: Clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinic = clinic
        self.fields["kind"].choices = [("", "Choose…"), *Kind.choices]
        self.fields["preferred_time"].choices = TimeOfDay.choices
        self.fields["preferred_time"].required = True
        self.fields["preferred_time"].initial = TimeOfDay.ANY
        today = timezone.localdate()
        self.fields["preferred_date"].widget.attrs["min"] = today.isoformat()

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data["phone"].strip(), self.clinic.country)
        waiting = AppointmentRequest.objects.filter(
            clinic=self.clinic, phone=phone, status=RequestStatus.NEW
        ).count()
        if waiting >= MAX_WAITING_PER_PHONE:
            call = f" or call us on {display_phone(self.clinic.phone)}" if self.clinic.phone else ""
            raise forms.ValidationError(
                f"We already have {waiting} requests from this number waiting. We will be in "
                f"touch soon{call}."
            )
        return phone

    def clean_preferred_date(self):
        day = self.cleaned_data["preferred_date"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError("This day has passed; choose today or a later day.")
        if (day - today).days > FURTHEST_DAYS_AHEAD:
            raise forms.ValidationError("Choose a day within the next year.")
        return day

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) > 1000:
            raise forms.ValidationError("Please keep the message under 1,000 characters.")
        return message

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))
