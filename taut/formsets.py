"""Formsets that check their management data (plain Django forms, and model formsets).

A formset's hidden TOTAL_FORMS and INITIAL_FORMS say how many rows were posted and how many
of them the server offered. Django trusts them; a tampered or out-of-date page could then make
an offered row look like a blank extra one (cleaned to {}) and reach code that expects its
fields (t-INITIAL_FORMS=0 on the plan form raised KeyError 'keep'). CheckedFormSet refuses
such a post with a form error instead. Django itself already refuses a missing or non-numeric
management form, and counts above max_num/absolute_max."""

from django import forms

OUT_OF_DATE = "The form was out of date or changed outside the page: reload it and try again."


class CheckedFormSet(forms.BaseFormSet):
    """Refuses a post whose row counts cannot come from the page: fewer rows than it says it
    offered, or blank rows added to a formset that offers none (extra=0), where every row must
    be complete. (The offered rows may differ from what the server would offer now: each posted
    row carries its own identity, so the user's rows stand.)"""

    def clean(self):
        super().clean()
        offered, total = self.initial_form_count(), self.total_form_count()
        if total < offered or (self.extra == 0 and total != offered):
            raise forms.ValidationError(OUT_OF_DATE, code="management")


class CheckedModelFormSet(CheckedFormSet, forms.BaseModelFormSet):
    """CheckedFormSet for rows of a model (modelformset_factory(..., formset=...))."""
