"""The clinic's own settings: what its public page shows."""

from django import forms
from django.utils import timezone

from taut.clinics.models import Clinic
from taut.clinics.versions import VersionedForm
from taut.patients.phones import normalise_phone
from taut.scheduling.logo import MAX_BYTES, read_logo

MAX_NOTICE_HOURS = 14 * 24  # two weeks: beyond that online cancelling means nothing


class ClinicSettingsForm(VersionedForm, forms.ModelForm):
    logo_file = forms.FileField(
        required=False,
        label="Logo",
        help_text=f"PNG, JPEG, GIF or WebP, at most {MAX_BYTES // 1024 // 1024} MB.",
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}
        ),
    )
    remove_logo = forms.BooleanField(required=False, label="Remove the current logo")
    merge_fields = ("name", "phone", "email", "address", "hours", "about", "is_published")
    also_saved = ("logo", "logo_type", "logo_updated_at")

    class Meta:
        model = Clinic
        fields = [
            "name", "phone", "email", "address", "hours", "about", "is_published",
            "cancel_notice_hours", "feeds_show_names",
        ]  # fmt: skip
        labels = {"email": "E-mail", "is_published": "Publish the public page", "about": "About",
                  "cancel_notice_hours": "Online cancellation notice (hours)"}  # fmt: skip
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "hours": forms.Textarea(
                attrs={"rows": 4, "placeholder": "Mon–Fri 8:00–18:00\nSat 9:00–12:00"}
            ),
            "about": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"about": "A few sentences about the clinic, shown on the public page."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].help_text = "The public page's call button rings this number."
        notice = self.fields["cancel_notice_hours"]
        notice.required, notice.max_value = False, MAX_NOTICE_HOURS
        notice.widget.attrs.update(min=0, max=MAX_NOTICE_HOURS)

    def clean_cancel_notice_hours(self):
        """Left empty, the rule stays as it was."""
        hours = self.cleaned_data.get("cancel_notice_hours")
        if hours is None:
            return self.instance.cancel_notice_hours
        if hours > MAX_NOTICE_HOURS:
            raise forms.ValidationError(f"At most {MAX_NOTICE_HOURS} hours (two weeks).")
        return hours
        if not self.instance.logo:
            del self.fields["remove_logo"]

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        return normalise_phone(phone, self.instance.country) if phone else ""

    def clean_logo_file(self):
        upload = self.cleaned_data.get("logo_file")
        return read_logo(upload) if upload else None

    def clean(self):
        data = super().clean()
        if data.get("is_published") and not data.get("phone") and "phone" not in self.errors:
            self.add_error(
                "phone", "Add a phone number before publishing: the page's main button calls it."
            )
        return data

    def save(self, commit=True):
        clinic = super().save(commit=False)
        if self.cleaned_data.get("logo_file"):
            clinic.logo, clinic.logo_type = self.cleaned_data["logo_file"]
            clinic.logo_updated_at = timezone.now()
        elif self.cleaned_data.get("remove_logo"):
            clinic.logo, clinic.logo_type, clinic.logo_updated_at = None, "", timezone.now()
        if commit:
            clinic.save()
        return clinic
