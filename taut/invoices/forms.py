"""Forms of the money side: every amount a Decimal, every code from the fee schedule."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from taut.clinical.npi import is_valid_npi
from taut.clinical.services import NEEDLING
from taut.clinics.versions import VersionedForm, version_field
from taut.formsets import CheckedModelFormSet
from taut.invoices.models import (
    BillingSettings,
    ClinicianBilling,
    Coverage,
    InvoiceLine,
    Method,
    Service,
    ServiceKind,
)
from taut.invoices.money import currency_choices, rounded
from taut.kb.catalog import GROUPS
from taut.widgets import LongSelect

MONEY_FIELD = {"max_digits": 12, "decimal_places": 3, "min_value": Decimal("0")}
REGIONS = [("", "—")] + list(GROUPS.items())


def npi_field(required: bool) -> forms.CharField:
    return forms.CharField(
        label="NPI", max_length=10, required=required,
        help_text="Ten digits; the last is a check digit.",
    )  # fmt: skip


def check_npi(value: str) -> str:
    value = value.strip()
    if value and not is_valid_npi(value):
        raise forms.ValidationError(
            "That is not a valid NPI: ten digits whose last is the check digit. Check the card."
        )
    return value


class LineForm(forms.ModelForm):
    """One line of a draft: minutes for a timed service, units for an untimed one."""

    region = forms.ChoiceField(choices=REGIONS, required=False, label="Region treated")
    minutes = forms.IntegerField(min_value=0, max_value=480, required=False)
    units = forms.IntegerField(min_value=0, max_value=99)
    unit_price = forms.DecimalField(label="Price per unit", **MONEY_FIELD)

    class Meta:
        model = InvoiceLine
        fields = ["description", "region", "minutes", "units", "unit_price"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        line = self.instance
        if line.code in NEEDLING:
            # The needling line's region is the muscle groups needled: shown, not edited.
            self.fields["region"].disabled = True
            names = ", ".join(GROUPS.get(g, g) for g in line.region.split())
            self.fields["region"].choices = [(line.region, names or "—")]
        if line.pk and not self.is_bound:
            self.initial["unit_price"] = rounded(line.unit_price, line.invoice.currency)

    def clean(self):
        data = super().clean()
        if self.instance.timed:
            if data.get("minutes") is None:
                self.add_error("minutes", "Enter the minutes spent on this service.")
        elif not data.get("units"):
            self.add_error("units", "Enter at least one unit, or remove the line.")
        return data


LineFormSet = forms.modelformset_factory(
    InvoiceLine, form=LineForm, formset=CheckedModelFormSet, extra=0, can_delete=True
)


class AddLineForm(forms.Form):
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(), label="Add a service",
        error_messages={"invalid_choice": "Choose a service of the fee schedule."},
    )  # fmt: skip

    def __init__(self, *args, clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(clinic=clinic, is_active=True)


class PaymentForm(forms.Form):
    amount = forms.DecimalField(max_digits=12, decimal_places=3, min_value=Decimal("0.001"))
    method = forms.ChoiceField(choices=Method.choices)
    reference = forms.CharField(
        max_length=80, required=False, help_text="Card slip, cheque or the insurer's reference"
    )
    received_on = forms.DateField(
        label="Received on", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_received_on(self):
        return not_in_future(self.cleaned_data["received_on"])


class VoidForm(forms.Form):
    reason = forms.CharField(max_length=200, label="Why void it?")


def not_in_future(day):
    if day > timezone.localdate():
        raise forms.ValidationError("That date is still to come.")
    return day


class RefundForm(forms.Form):
    """Money given back on one payment (the payment is in the URL)."""

    amount = forms.DecimalField(max_digits=12, decimal_places=3, min_value=Decimal("0.001"))
    method = forms.ChoiceField(choices=Method.choices, label="Given back by")
    reference = forms.CharField(
        max_length=80, required=False, help_text="Card terminal's refund slip, cheque number"
    )
    reason = forms.CharField(max_length=200, label="Why is it given back?")
    refunded_on = forms.DateField(
        label="Given back on", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_refunded_on(self):
        return not_in_future(self.cleaned_data["refunded_on"])


class CreditNoteForm(forms.Form):
    prefix = "credit"  # its amount and reason share the invoice page with the payment's and void's

    amount = forms.DecimalField(
        max_digits=12, decimal_places=3, min_value=Decimal("0.001"), label="Amount to credit"
    )
    reason = forms.CharField(max_length=200, label="Why is it credited?")


class ServiceForm(VersionedForm, forms.ModelForm):
    """A fee schedule entry. Descriptions are the clinic's own words, not the AMA's."""

    fee = forms.DecimalField(label="Fee per unit", **MONEY_FIELD)

    class Meta:
        model = Service
        fields = ["code", "kind", "description", "fee", "timed", "therapy", "is_active"]
        help_texts = {
            "code": "A CPT or HCPCS code as published, or the clinic's own code.",
            "description": "In your own words: CPT descriptors are the AMA's and not copied.",
        }

    def __init__(self, *args, clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinic = clinic

    def theirs_kwargs(self) -> dict:
        return {"clinic": self.clinic}

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if not code.isalnum():
            raise forms.ValidationError("A code is letters and digits only.")
        clash = Service.objects.filter(clinic=self.clinic, code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"{code} is already on the fee schedule: edit its fee.")
        return code

    def clean(self):
        data = super().clean()
        code, kind = data.get("code", ""), data.get("kind")
        if kind == ServiceKind.CPT and code and not (len(code) == 5 and code[:4].isdigit()):
            self.add_error("code", "A CPT code is five characters, the first four digits.")
        if kind == ServiceKind.HCPCS and code and not (len(code) == 5 and code[0].isalpha()):
            self.add_error("code", "A HCPCS Level II code is a letter and four digits.")
        return data


class SettingsForm(VersionedForm, forms.ModelForm):
    currency = forms.ChoiceField(choices=currency_choices, widget=LongSelect)

    class Meta:
        model = BillingSettings
        fields = ["currency", "unit_rule", "gp_modifier", "x_modifiers", "tax_label",
                  "tax_rate", "tax_number", "billing_npi", "tax_id"]  # fmt: skip
        widgets = {"unit_rule": forms.RadioSelect}

    def clean_billing_npi(self):
        return check_npi(self.cleaned_data["billing_npi"])

    def clean(self):
        data = super().clean()
        if data.get("tax_rate") and not data.get("tax_label"):
            self.add_error("tax_label", "Name the tax (VAT, GST...) that the rate is for.")
        return data


class ClinicianNpiForm(VersionedForm, forms.ModelForm):
    """A clinician's NPI at the clinic, set or changed: the version is 0 where the page showed
    the clinician with none, so an NPI saved meanwhile by someone else is not overwritten."""

    npi = npi_field(required=True)

    class Meta:
        model = ClinicianBilling
        fields = ["clinician", "npi", "credentials"]

    def __init__(self, *args, clinicians, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = clinicians
        self.fields["clinician"].label_from_instance = lambda user: user.display_name
        self.fields["version"] = version_field(least=0)
        self.fields["version"].initial = self.instance.version if self.instance.pk else 0

    def theirs_kwargs(self) -> dict:
        return {"clinicians": self.fields["clinician"].queryset}

    def clean_npi(self):
        return check_npi(self.cleaned_data["npi"])


class CoverageForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Coverage
        fields = ["payer_name", "payer_id", "member_id", "group_number", "subscriber_name",
                  "relationship", "is_active"]  # fmt: skip
        labels = {"is_active": "In force"}
