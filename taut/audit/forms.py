from django import forms

from taut import days
from taut.audit.actions import Action


class AuditFilterForm(forms.Form):
    username = forms.CharField(required=False, max_length=150, label="User")
    action = forms.ChoiceField(required=False, choices=[("", "Any action"), *Action.choices])
    patient = forms.IntegerField(required=False, min_value=1, label="Patient id")
    since = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError("The start date is after the end date.")
        return data

    def apply(self, entries):
        data = self.cleaned_data
        if data.get("username"):
            entries = entries.filter(username__icontains=data["username"])
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("patient"):
            entries = entries.filter(patient_id=data["patient"])
        # Ranges on `at` itself rather than on its date, so the index on it serves them.
        if data.get("since"):
            entries = entries.filter(at__gte=days.start_of(data["since"]))
        if data.get("until"):
            entries = entries.filter(at__lt=days.after(data["until"]))
        return entries
