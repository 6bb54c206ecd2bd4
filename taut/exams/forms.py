"""The assessment page's forms (saved together, in one step) and the clinic's normal values form."""

import functools

from django import forms

from taut.clinical import diagnoses, rom
from taut.clinics.versions import VersionedForm, version_field
from taut.exams import norms
from taut.exams.models import Assessment, Side
from taut.icd10 import search as icd10
from taut.kb.catalog import catalog
from taut.widgets import FixedChoices, LongSelect

PICK = ("", "Choose…")
DEGREES_ERRORS = {
    "required": "Enter the degrees measured.",
    "invalid": "Enter a whole number of degrees.",
    "min_value": "Degrees cannot be negative (0 to 360).",
    "max_value": "Degrees cannot be more than 360.",
}


def trigger_points_by_muscle() -> list:
    """Every trigger point of the knowledge base as choices, grouped by muscle."""
    return [(m.name, [(tp.id, tp.name) for tp in m.trigger_points]) for m in catalog().muscles]


@functools.cache
def trigger_point_choices() -> list:
    """The trigger point palpated: one to choose."""
    return [PICK, *trigger_points_by_muscle()]


def finding_sides(trigger_point: str) -> tuple[str, ...]:
    """Sides a trigger point can be found on: left or right, or the midline for one that
    lies over a midline region (the sternalis, the pelvic floor)."""
    kb = catalog()
    if kb.regions[kb.trigger_point(trigger_point).site].midline:
        return (Side.LEFT, Side.RIGHT, Side.MIDLINE)
    return (Side.LEFT, Side.RIGHT)


class SectionForm(forms.Form):
    """A form of one section of the assessment page; its ids are prefixed with `section` so
    that labels find their own inputs among the page's several forms."""

    section = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.section}_%s")
        super().__init__(*args, **kwargs)


class FindingForm(SectionForm):
    """One trigger point palpated on one side, with the Delphi criteria found."""

    section = "finding"

    trigger_point = forms.ChoiceField(
        choices=FixedChoices(trigger_point_choices),
        widget=LongSelect,
        error_messages={"invalid_choice": "Choose a trigger point of the list."},
    )
    side = forms.ChoiceField(
        choices=[PICK, *Side.choices],
        error_messages={"invalid_choice": "Choose left, right or midline."},
    )
    taut_band = forms.BooleanField(required=False, label="Taut band")
    hypersensitive_spot = forms.BooleanField(required=False, label="Hypersensitive spot")
    referred_pain = forms.BooleanField(required=False, label="Referred pain")
    recognised_pain = forms.BooleanField(required=False, label="Patient recognises the pain")
    local_twitch = forms.BooleanField(required=False, label="Local twitch response")

    CRITERIA = (
        "taut_band", "hypersensitive_spot", "referred_pain", "recognised_pain", "local_twitch"
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        tp, side = data.get("trigger_point"), data.get("side")
        if tp and side and side not in finding_sides(tp):
            self.add_error(
                "side", "This trigger point lies to one side of the midline: choose left or right."
            )
        return data

    def criteria(self) -> dict[str, bool]:
        return {name: self.cleaned_data[name] for name in self.CRITERIA}


def movement_choices(movements, label=lambda m: m.name) -> list:
    """Movements grouped by joint, in the knowledge base's order."""
    groups: dict[str, list] = {}
    for m in movements:
        groups.setdefault(m.joint.capitalize(), []).append((m.id, label(m)))
    return [PICK, *groups.items()]


class RomForm(SectionForm):
    """A measured movement; the normal value in force at the clinic is stored with it."""

    section = "rom"

    movement = forms.ChoiceField(
        widget=LongSelect, error_messages={"invalid_choice": "Choose a movement of the list."}
    )
    side = forms.ChoiceField(
        required=False,
        choices=[
            (Side.MIDLINE, "Midline (spine, jaw)"),
            (Side.LEFT, "Left"),
            (Side.RIGHT, "Right"),
        ],
    )
    degrees = forms.IntegerField(
        min_value=0,
        max_value=rom.MAX_DEGREES,
        error_messages=DEGREES_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )
    painful = forms.BooleanField(required=False, label="Painful")

    def __init__(self, *args, in_force: dict[str, rom.Norm], **kwargs):
        """`in_force`: the clinic's normal values (norms.norms_for), read once for a page's
        forms."""
        super().__init__(*args, **kwargs)
        self.norms = in_force
        self.fields["movement"].choices = movement_choices(
            norms.measurable(in_force), lambda m: f"{m.name} (normal {in_force[m.id].degrees}°)"
        )

    def clean(self):
        data = super().clean()
        movement = catalog().movements.get(data.get("movement", ""))
        if movement is None:
            return data
        side = data.get("side") or Side.MIDLINE
        if movement.axial and side != Side.MIDLINE:
            self.add_error("side", f"{movement.name} is measured at the midline, not per side.")
        elif not movement.axial and side == Side.MIDLINE:
            self.add_error("side", f"{movement.name} is measured per side: choose left or right.")
        data["side"] = side
        data["norm"] = self.norms[movement.id]
        return data


class BillableCodes(forms.MultipleChoiceField):
    """Ticked ICD-10-CM codes, each a billable code of the full set (never free text)."""

    kept = frozenset()  # codes the record already has: kept even if CMS has retired them

    def valid_value(self, value):
        return value in self.billable or value in self.kept

    def clean(self, value):
        self.billable = icd10.billable(value or [])
        return super().clean(value)


class AssessmentForm(VersionedForm, forms.ModelForm):
    """What the assessment page sets as a whole: its diagnoses (billable ICD-10-CM codes ticked
    from the myofascial shortlist, the codes already given and a search of the full code set,
    never typed) and other findings, with the version the page was loaded with."""

    codes = BillableCodes(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="ICD-10-CM diagnoses",
        error_messages={
            "invalid_choice": "%(value)s is not a billable ICD-10-CM code: search for it and "
            "tick a code shown (a category such as G44.2 has billable codes under it)."
        },
    )
    merge_fields = ("findings_note", "codes")

    class Meta:
        model = Assessment
        fields = ["findings_note"]
        widgets = {"findings_note": forms.Textarea(attrs={"rows": 3})}
        labels = {"findings_note": "Other findings"}

    def __init__(self, *args, offered=(), **kwargs):
        """`offered`: (code, description) pairs found by a search, to tick besides the
        shortlist, the codes given and (on a post) the codes ticked."""
        kwargs.setdefault("auto_id", "assessment_%s")
        super().__init__(*args, **kwargs)
        given = self.instance.diagnosis_codes() if self.instance.pk is not None else []
        self.fields["codes"].initial = given
        ticked = self.data.getlist("codes") if self.is_bound else []
        shortlist = {**diagnoses.ICD10_CM, **dict(offered), **dict.fromkeys(given, "")}
        shortlist |= icd10.describe([*given, *ticked])
        self.fields["codes"].kept = frozenset(given)
        choices = [(c, f"{c} {d}".strip()) for c, d in sorted(shortlist.items())]
        self.fields["codes"].choices = choices


class RomNormForm(VersionedForm):
    """A clinic's own normal value for a movement, and where it comes from; `version` is the
    version of the clinic's own value the page showed, 0 when it showed the default."""

    merge_fields = ("degrees", "source")

    movement = forms.ChoiceField(
        widget=LongSelect, error_messages={"invalid_choice": "Choose a movement of the list."}
    )
    degrees = forms.IntegerField(
        label="Normal (degrees)",
        min_value=1,
        max_value=rom.MAX_DEGREES,
        error_messages={
            **DEGREES_ERRORS,
            "min_value": "A normal value is at least 1 degree (a 0 gives no percentage).",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )
    source = forms.CharField(
        max_length=200,
        error_messages={"required": "Name the source of the value."},
        help_text="Where the value comes from, e.g. a textbook or the clinic's own protocol.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["movement"].choices = movement_choices(catalog().movements.values())
        self.fields["version"] = version_field(least=0)
        self.fields["version"].initial = self.initial.get("version", 0)

    @property
    def fixed(self):
        """The movement, when the form was opened on the clinic's own value of it: the form is
        then for that movement only (its version is that value's). None otherwise."""
        if str(self["version"].value()) in ("", "0", "None"):
            return None
        return catalog().movements.get(self["movement"].value())

    def theirs(self, current) -> dict[str, list[str]]:
        degrees = [str(current.degrees)] if current.degrees else []
        return {"movement": [current.movement], "degrees": degrees, "source": [current.source]}
