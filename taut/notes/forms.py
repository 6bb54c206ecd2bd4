from django import forms

from taut.notes.models import ClinicalNote


class NoteForm(forms.ModelForm):
    class Meta:
        model = ClinicalNote
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}
        labels = {"text": "Note"}

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("The note is empty.")
        return text
