"""Correcting a record the way health records do it: while unsigned it is edited; once signed
it is amended, with a reason kept beside who amended it and when (django-simple-history's
change reason and user of the new version), and the amended record is the one in force.
One form for every signed record: treatment sessions and assessments."""

from django import forms

from taut.clinics.versions import VersionedForm


class AmendForm(VersionedForm):
    """The version an edit started from and, once the record is signed, why it is amended."""

    reason = forms.CharField(
        label="Reason for the amendment", max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, data=None, *, record, signed: bool, edited: str, **kwargs):
        """`edited`: the reason kept with a change made before the record was signed."""
        super().__init__(data, record=record, **kwargs)
        self.signed, self.edited = signed, edited
        if signed:
            self.fields["reason"].required = True
            self.fields["reason"].help_text = (
                "Kept with the amended version, who amended it and when; the signed version "
                "stays readable in the history."
            )
            self.fields["reason"].error_messages["required"] = (
                "This record is signed: say why it is amended."
            )
        else:
            del self.fields["reason"]

    def compared_fields(self) -> list[str]:
        return []

    @property
    def reason_given(self) -> str:
        """The change reason to keep with the new version."""
        return self.cleaned_data["reason"] if self.signed else self.edited
