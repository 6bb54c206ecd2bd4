"""What to export: which rows, the date range, and whether to pseudonymise."""

from django import forms

from taut.exports.export import Kind
from taut.treatment.forms import BillingRangeForm


class ExportForm(BillingRangeForm):
    """The billing export's date range (both days included, either may be left open), with
    the kind of rows and the pseudonymisation switch."""

    kind = forms.ChoiceField(
        label="Export",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what to export: sessions or outcomes.",
            "invalid_choice": "Choose what to export: sessions or outcomes.",
        },
    )
    pseudonymise = forms.BooleanField(
        label="Pseudonymise",
        required=False,
        help_text="Replace patients and clinicians by stable pseudonyms, dates by days since "
        "the episode opened, ages over 89 by 90+; leave out names, birth dates, contact "
        "details, chart numbers and free text.",
    )

    field_order = ["kind", "start", "end", "pseudonymise"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dates = {
            "start": ("From", "Sessions performed, or episodes opened, on or after this day."),
            "end": ("To", "On or before this day. Leave both empty for everything."),
        }
        for name, (label, help_text) in dates.items():
            field = self.fields[name]
            field.label, field.help_text = label, help_text
            field.widget = forms.DateInput(attrs={"type": "date"})
            field.error_messages["invalid"] = "Enter a date as YYYY-MM-DD."
