from django import forms

from taut.api.models import Scope
from taut.api.tokens import DEFAULT_LIFETIME_DAYS, LIFETIMES_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What the token is for, e.g. “Practice reporting script”.",
    )
    scope = forms.ChoiceField(
        label="Access",
        choices=Scope.choices,
        initial=Scope.READ,
        widget=forms.RadioSelect,
        help_text="Read only is enough for reports and exports.",
    )
    days = forms.TypedChoiceField(
        label="Expires after",
        choices=[(days, f"{days} days") for days in LIFETIMES_DAYS],
        coerce=int,
        initial=DEFAULT_LIFETIME_DAYS,
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Name the token.")
        return name
