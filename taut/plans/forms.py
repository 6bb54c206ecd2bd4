"""The edit-and-accept form of a plan: the numbers and lists, plus one formset each for the
needling targets, the goals and the home exercises."""

from django import forms
from django.core.validators import MaxValueValidator

from taut.exams.models import Side
from taut.formsets import CheckedFormSet
from taut.kb import exercises as library
from taut.kb.catalog import SELF_CARE_KINDS, catalog
from taut.treatment.models import SoftTissue


def cause_choices():
    return [(c.id, c.name) for c in catalog().causes.values()]


class PlanForm(forms.Form):
    based_on = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    visits = forms.IntegerField(label="Visits", min_value=1, max_value=60)
    visits_per_week = forms.IntegerField(label="Visits a week", min_value=1, max_value=7)
    reassess_after_visits = forms.IntegerField(
        label="Re-assess after (visits)", min_value=1, max_value=60
    )
    soft_tissue = forms.MultipleChoiceField(
        label="Soft tissue techniques", choices=SoftTissue.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    prevention = forms.MultipleChoiceField(
        label="Prevention advice for", choices=cause_choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    needles_per_visit = forms.IntegerField(
        label="Trigger points needled a visit, at most", min_value=0, max_value=20,
        required=False,
    )  # fmt: skip
    notes = forms.CharField(
        label="Notes for the patient",
        help_text="Printed on the patient's home program and shown in their portal.",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        visits, after = data.get("visits"), data.get("reassess_after_visits")
        if visits and after and after > visits:
            self.add_error("reassess_after_visits", "Re-assess at or before the last visit.")
        return data


class TargetForm(forms.Form):
    trigger_point = forms.CharField(widget=forms.HiddenInput)
    side = forms.ChoiceField(choices=Side.choices, widget=forms.HiddenInput)
    keep = forms.BooleanField(label="Keep", required=False)
    order = forms.IntegerField(label="Order", min_value=1, max_value=99)

    def clean_trigger_point(self):
        tp = self.cleaned_data["trigger_point"]
        try:
            catalog().trigger_point(tp)
        except KeyError:
            raise forms.ValidationError("Unknown trigger point.") from None
        return tp


class GoalForm(forms.Form):
    measure = forms.CharField(max_length=40, widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=[("score", "score"), ("rom", "rom")], widget=forms.HiddenInput)
    side = forms.CharField(max_length=10, required=False, widget=forms.HiddenInput)
    keep = forms.BooleanField(label="Keep", required=False)
    text = forms.CharField(label="Goal", max_length=200)
    target = forms.FloatField(label="Target", min_value=0, max_value=360)


class ExerciseForm(forms.Form):
    """A library exercise (its id) or the clinician's own (name, how and kind)."""

    exercise = forms.CharField(required=False, widget=forms.HiddenInput)
    keep = forms.BooleanField(label="Prescribe", required=False)
    name = forms.CharField(label="Name", max_length=200, required=False)
    kind = forms.ChoiceField(
        label="Kind", choices=[("", "—")] + [(k, k.replace("_", " ")) for k in SELF_CARE_KINDS],
        required=False,
    )  # fmt: skip
    how = forms.CharField(label="How", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    sets = forms.IntegerField(
        label="Sets", min_value=1, required=False, validators=[MaxValueValidator(20)]
    )
    repetitions = forms.IntegerField(
        label="Repetitions", min_value=1, required=False, validators=[MaxValueValidator(100)]
    )
    hold_seconds = forms.IntegerField(
        label="Hold (s)", min_value=1, required=False, validators=[MaxValueValidator(600)]
    )
    times_per_day = forms.IntegerField(
        label="Times a day", min_value=1, required=False, validators=[MaxValueValidator(12)]
    )

    def clean(self):
        data = super().clean()
        ident = data.get("exercise")
        if ident:
            try:
                data["library"] = library.exercise(ident)
            except KeyError:
                raise forms.ValidationError("Unknown exercise.") from None
        elif data.get("name") or data.get("how") or data.get("keep"):
            # A clinician's own exercise is prescribed by writing it; ticking it alone is not
            # enough, or a blank exercise would reach the patient's program.
            data["keep"] = True
            for field in ("name", "how", "kind"):
                if not data.get(field):
                    self.add_error(field, "Needed for your own exercise.")
        return data


TargetFormSet = forms.formset_factory(
    TargetForm, formset=CheckedFormSet, extra=0, max_num=60, validate_max=True
)
GoalFormSet = forms.formset_factory(
    GoalForm, formset=CheckedFormSet, extra=0, max_num=60, validate_max=True
)
ExerciseFormSet = forms.formset_factory(
    ExerciseForm, formset=CheckedFormSet, extra=1, max_num=80, validate_max=True
)
