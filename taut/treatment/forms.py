"""The session form: pain, the muscles needled, soft tissue work, exercises, range of motion
re-measured and adverse events; and the billing export's date range."""

import functools
from decimal import Decimal

from django import forms

from taut.exams import norms
from taut.exams.forms import RomForm, trigger_points_by_muscle
from taut.exams.models import Side
from taut.formsets import CheckedFormSet
from taut.intake.forms import pain_field as intake_pain_field
from taut.kb.catalog import GROUPS, catalog
from taut.treatment.models import (
    AdverseKind,
    Needling,
    Severity,
    SoftTissue,
    Technique,
    TreatmentSession,
)
from taut.widgets import FixedChoices, LongSelect

PICK = ("", "Choose…")
PAIN_ERROR = "Pain is a whole number from 0 to 10."
MAX_ROWS = 40


def pain_field(label: str, *, required: bool) -> forms.IntegerField:
    return intake_pain_field(
        label, required=required, missing="Rate the pain before treatment from 0 to 10.",
        error=PAIN_ERROR,
    )  # fmt: skip


class SessionForm(forms.Form):
    pain_before = pain_field("Pain before treatment", required=True)
    pain_after = pain_field("Pain after treatment", required=False)
    soft_tissue = forms.MultipleChoiceField(
        label="Soft tissue techniques",
        choices=SoftTissue.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "%(value)s is not a technique of the list."},
    )
    exercises = forms.CharField(
        label="Exercises taught",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    comments = forms.CharField(
        label="Plan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What comes next, e.g. review in one week. Left blank, the note says "
        "“continue as agreed”.",
    )


# --- the muscles needled -----------------------------------------------------------------------


def muscle_label(muscle) -> str:
    return f"{muscle.name} — pneumothorax risk" if muscle.pneumothorax_risk else muscle.name


@functools.cache
def muscle_choices() -> list:
    """Every muscle of the knowledge base, grouped by body group (the catalog is loaded once,
    so the list is made once)."""
    groups = catalog().by_group()
    return [PICK] + [
        (GROUPS[g], [(m.id, muscle_label(m)) for m in muscles])
        for g, muscles in groups.items()
        if muscles
    ]


@functools.cache
def trigger_point_choices() -> list:
    """Every trigger point, grouped by its muscle (the page narrows them to the one chosen)."""
    return [("", "Not recorded"), *trigger_points_by_muscle()]


def default_needle(muscle_id: str) -> tuple[Decimal | None, Decimal | None]:
    """(length, gauge) in mm: the smallest of the muscle's needling guidance; None for a size
    no source gives (the clinician then enters it)."""
    needling = catalog().muscle(muscle_id).needling
    length, gauge = needling.needle_length_mm, needling.needle_gauge_mm
    return (
        Decimal(str(length[0])) if length else None,
        Decimal(str(gauge[0])) if gauge else None,
    )


class NeedlingForm(forms.Form):
    """One muscle needled; needle sizes left blank take the muscle's guidance minimum."""

    muscle = forms.ChoiceField(
        choices=FixedChoices(muscle_choices),
        widget=LongSelect,
        error_messages={
            "required": "Choose the muscle needled.",
            "invalid_choice": "Choose a muscle of the list.",
        },
    )
    trigger_point = forms.ChoiceField(
        label="Trigger point",
        choices=FixedChoices(trigger_point_choices),
        widget=LongSelect,
        required=False,
        error_messages={"invalid_choice": "Choose a trigger point of the list."},
    )
    side = forms.ChoiceField(
        choices=[PICK, *Side.choices],
        error_messages={
            "required": "Choose the side.",
            "invalid_choice": "Choose left, right or midline.",
        },
    )
    technique = forms.ChoiceField(choices=Technique.choices, initial=Technique.PISTONING)
    needle_length_mm = forms.DecimalField(
        label="Length (mm)",
        required=False,
        min_value=5,
        max_value=150,
        max_digits=5,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
        error_messages={
            "invalid": "Enter the needle length in millimetres.",
            "min_value": "A needle is at least 5 mm long.",
            "max_value": "A needle is at most 150 mm long.",
            "max_decimal_places": "Give the length to 0.1 mm.",
            "max_digits": "A needle is at most 150 mm long.",
        },
    )
    needle_gauge_mm = forms.DecimalField(
        label="Gauge (mm)",
        required=False,
        min_value=Decimal("0.1"),
        max_value=Decimal("0.5"),
        max_digits=4,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        error_messages={
            "invalid": "Enter the needle diameter in millimetres, e.g. 0.25.",
            "min_value": "The gauge is from 0.1 to 0.5 mm.",
            "max_value": "The gauge is from 0.1 to 0.5 mm.",
            "max_decimal_places": "Give the gauge to 0.01 mm.",
            "max_digits": "The gauge is from 0.1 to 0.5 mm.",
        },
    )
    insertions = forms.IntegerField(
        min_value=1,
        initial=1,
        max_value=999,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of insertions (at least 1).",
            "invalid": "Enter a whole number of insertions.",
            "min_value": "A muscle needled had at least 1 insertion.",
            "max_value": "Enter the number of insertions (at most 999).",
        },
    )
    twitch_responses = forms.IntegerField(
        label="Twitch responses",
        min_value=0,
        initial=0,
        max_value=999,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of local twitch responses (0 if none).",
            "invalid": "Enter a whole number of twitch responses.",
            "min_value": "Twitch responses cannot be negative.",
            "max_value": "Enter the number of twitch responses (at most 999).",
        },
    )

    def clean(self):
        data = super().clean()
        muscle, tp = data.get("muscle"), data.get("trigger_point")
        if not muscle:
            return data
        if tp and catalog().trigger_point(tp).muscle_id != muscle:
            name = catalog().muscle(muscle).name
            self.add_error(
                "trigger_point",
                f"This trigger point is not in {name}: choose one of its own or “Not recorded”.",
            )
        length, gauge = default_needle(muscle)
        defaults = {"needle_length_mm": length, "needle_gauge_mm": gauge}
        for name, default in defaults.items():
            if data.get(name) is not None or name in self.errors:
                continue
            if default is None:
                what = "length" if name == "needle_length_mm" else "gauge"
                self.add_error(
                    name, f"Enter the needle {what}: no source gives one for this muscle."
                )
            else:
                data[name] = default
        return data

    def instance(self, session) -> Needling:
        fields = ("muscle", "trigger_point", "side", "technique", "needle_length_mm",
                  "needle_gauge_mm", "insertions", "twitch_responses")  # fmt: skip
        return Needling(session=session, **{f: self.cleaned_data[f] for f in fields})


class RowsFormSet(CheckedFormSet):
    """Rows of a repeatable section: blank rows are skipped, removed rows ignored."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove"

    def problems(self, label: str) -> list[tuple[str, str]]:
        """(anchor, message) of each row with an error, rows counted from 1."""
        found = [(self.prefix, str(e)) for e in self.non_form_errors()]
        for i, form in enumerate(self.forms):
            if form.errors and not (self.can_delete and self._should_delete_form(form)):
                messages = [str(e) for errors in form.errors.values() for e in errors]
                found.append((f"{form.prefix}-row", f"{label} {i + 1}: {' '.join(messages)}"))
        return found

    def filled(self) -> list[forms.Form]:
        """The valid rows to save: every row carried forward or filled in, less those removed."""
        rows = []
        for i, form in enumerate(self.forms):
            if i >= self.initial_form_count() and not form.has_changed():
                continue
            if form.is_valid() and not (self.can_delete and self._should_delete_form(form)):
                rows.append(form)
        return rows


NeedlingFormSet = forms.formset_factory(
    NeedlingForm, formset=RowsFormSet, extra=2, can_delete=True, max_num=MAX_ROWS,
    validate_max=True, absolute_max=MAX_ROWS,
)  # fmt: skip


# --- range of motion re-measured, adverse events -----------------------------------------------


class SessionRomForm(RomForm):
    """A movement re-measured in the session, with the clinic's normal as the exams app has it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_%s")
        super().__init__(*args, **kwargs)
        # The side menu opens on midline: an untouched row must not count as filled in.
        self.fields["side"].initial = Side.MIDLINE


RomFormSet = forms.formset_factory(
    SessionRomForm, formset=RowsFormSet, extra=2, max_num=MAX_ROWS, validate_max=True,
    absolute_max=MAX_ROWS,
)  # fmt: skip


class AdverseEventForm(forms.Form):
    kind = forms.ChoiceField(
        label="Event",
        choices=[PICK, *AdverseKind.choices],
        error_messages={
            "required": "Choose what happened.",
            "invalid_choice": "Choose an event of the list.",
        },
    )
    severity = forms.ChoiceField(
        choices=[PICK, *Severity.choices],
        error_messages={
            "required": "Choose how severe it was.",
            "invalid_choice": "Choose mild, moderate or severe.",
        },
    )
    details = forms.CharField(max_length=200, required=False)
    action_taken = forms.CharField(label="Action taken", required=False)


AdverseEventFormSet = forms.formset_factory(
    AdverseEventForm, formset=RowsFormSet, extra=1, max_num=MAX_ROWS, validate_max=True,
    absolute_max=MAX_ROWS,
)  # fmt: skip


# --- the whole form ------------------------------------------------------------------------------


class SessionEntry:
    """The session form and its repeatable sections, bound or not: a new session (carrying
    forward the `last` one's needling) or, with `session`, that session to edit or amend."""

    def __init__(self, data, *, clinic, last: TreatmentSession | None = None,
                 copy_needling: bool = False, session: TreatmentSession | None = None,
                 plan=None):  # fmt: skip
        """`plan`, the episode's accepted plan when the visit is started from an appointment,
        fills a new session's form in place of the last session."""
        if session is not None:
            main, needling = stored_initial(session), needling_initial(session, every=True)
            rom_rows = [{k: getattr(r, k) for k in ("movement", "side", "degrees", "painful")}
                        for r in session.rom.all()]  # fmt: skip
            events = [{k: getattr(e, k) for k in ("kind", "severity", "details", "action_taken")}
                      for e in session.adverse_events.all()]  # fmt: skip
        else:
            if plan is not None:
                main, needling = plan_initial(plan), plan_needling_initial(plan)
            else:
                main, needling = session_initial(last), needling_initial(last)
            needling = needling if copy_needling else None
            rom_rows, events = None, None
        self.form = SessionForm(data, initial=main)
        self.needling = NeedlingFormSet(data, prefix="needling", initial=needling)
        self.rom = RomFormSet(
            data, prefix="rom", initial=rom_rows, form_kwargs={"in_force": norms.norms_for(clinic)}
        )
        self.events = AdverseEventFormSet(data, prefix="events", initial=events)

    def is_valid(self) -> bool:
        parts = (self.form, self.needling, self.rom, self.events)
        return all([part.is_valid() for part in parts])  # a list: every part shows its errors

    def problems(self) -> list[tuple[str, str]]:
        """(anchor, message) of every error, for the summary above the form."""
        found = [
            (f"{name}-field" if name.startswith("pain") else f"id_{name}",
             f"{self.form[name].label if name in self.form.fields else 'Session'}: "
             f"{' '.join(errors)}")
            for name, errors in self.form.errors.items()
        ]  # fmt: skip
        found += self.needling.problems("Muscle")
        found += self.rom.problems("Movement")
        found += self.events.problems("Adverse event")
        return found

    def muscles(self) -> list[str]:
        """The muscles of the needling rows, as entered (for the bound form) or carried."""
        if self.needling.is_bound:
            return [f.cleaned_data["muscle"] for f in self.needling.filled()]
        return [row["muscle"] for row in self.needling.initial or []]

    def needled(self) -> list[tuple[str, str]]:
        """(muscle id, side) of the needling rows entered; empty for an unbound form."""
        if not self.needling.is_bound:
            return []
        return [(f.cleaned_data["muscle"], f.cleaned_data["side"]) for f in self.needling.filled()]


def session_initial(last: TreatmentSession | None) -> dict:
    return {"soft_tissue": list(last.soft_tissue)} if last else {}


def stored_initial(session: TreatmentSession) -> dict:
    fields = ("pain_before", "pain_after", "soft_tissue", "exercises", "comments")
    return {name: getattr(session, name) for name in fields}


def plan_initial(plan) -> dict:
    """The plan's soft tissue work and its note on what comes next."""
    return {"soft_tissue": [t for t in plan.soft_tissue if t in SoftTissue.values]}


def plan_needling_initial(plan) -> list[dict]:
    """One row per needling target of the plan, in the plan's order."""
    kb = catalog()
    rows = []
    for target in plan.needling_targets:
        try:
            kb.muscle(target.get("muscle", ""))
        except KeyError:
            continue
        rows.append(
            {"muscle": target["muscle"], "trigger_point": target.get("trigger_point") or "",
             "side": target.get("side", "")}
        )  # fmt: skip
    return rows


def needling_initial(last: TreatmentSession | None, every: bool = False) -> list[dict]:
    """The last session's muscles, techniques and needle sizes, to carry forward; with
    `every`, each row whole (insertions and twitches too), to edit that session."""
    if last is None:
        return []
    kb = catalog()
    carried = []
    for n in last.needlings.all():
        try:
            kb.muscle(n.muscle)
        except KeyError:
            continue  # a muscle no longer in the knowledge base is not offered again
        carried.append(
            {"muscle": n.muscle, "trigger_point": n.trigger_point, "side": n.side,
             "technique": n.technique, "needle_length_mm": n.needle_length_mm,
             "needle_gauge_mm": n.needle_gauge_mm}
            | ({"insertions": n.insertions, "twitch_responses": n.twitch_responses}
               if every else {})
        )  # fmt: skip
    return carried


# --- billing -----------------------------------------------------------------------------------


class BillingRangeForm(forms.Form):
    """The export's date range, both days included."""

    start = forms.DateField(required=False)
    end = forms.DateField(required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("The range starts after it ends.")
        return data


# --- the session's note ------------------------------------------------------------------------


def note_text_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 20}),
        strip=True,
        error_messages={"required": "The note is empty."},
    )


class DraftNoteForm(forms.Form):
    """The draft's text and the version of it the page was loaded with."""

    text = note_text_field("SOAP note (draft)")
    version = forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={
            "required": "The page was out of date: reload it and try again.",
            "invalid": "The page was out of date: reload it and try again.",
            "min_value": "The page was out of date: reload it and try again.",
        },
    )


class AddendumForm(forms.Form):
    text = note_text_field("Addendum")
