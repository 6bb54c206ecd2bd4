"""Forms of portal invitations: staff invite by e-mail; the patient types a printed code and
chooses a username and password."""

from django import forms
from django.contrib.auth.forms import UserCreationForm

from taut.accounts.models import User


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Patient's e-mail address",
        error_messages={"required": "Enter the e-mail address to send the invitation to."},
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Your code",
        max_length=20,
        help_text="The eight letters and numbers on the letter from your clinic, like ABCD-2345.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
        error_messages={"required": "Type the code from your letter."},
    )


class JoinForm(UserCreationForm):
    """A username and a password (twice), checked by Django's password validators."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username",)
