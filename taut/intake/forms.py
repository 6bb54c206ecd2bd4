import json

from django import forms
from django.db import transaction
from django.utils import timezone

from taut.audit import log
from taut.audit.actions import Action
from taut.clinical import screening
from taut.intake.models import Intake
from taut.kb.atlas import load_atlas
from taut.kb.catalog import catalog
from taut.reference.templatetags.bodymap import QUALITIES

PROMINENT_CAUSES = 8  # the causes the intake asks every patient about; the rest are under "More"
MARK_KEYS = {"id", "intensity", "quality"}
PAIN_SCALE = [(n, str(n)) for n in range(11)]
PAIN_ERROR = "Score pain from 0 (no pain) to 10 (the worst pain imaginable)."


class DrawingField(forms.Field):
    """The pain drawing as the body map posts it: JSON [{"id", "intensity", "quality"?}]."""

    widget = forms.HiddenInput

    def prepare_value(self, value):
        return value if isinstance(value, str) else json.dumps(value or [])

    def to_python(self, value) -> list[dict]:
        if value in (None, ""):
            return []
        if isinstance(value, list):
            return value
        try:
            marks = json.loads(value)
        except (TypeError, ValueError, RecursionError):
            raise forms.ValidationError(
                "The pain drawing could not be read. Clear it and mark the regions again."
            ) from None
        if not isinstance(marks, list):
            raise forms.ValidationError("The pain drawing should be a list of marked regions.")
        return marks

    def validate(self, value: list[dict]) -> None:
        super().validate(value)
        seen: set[str] = set()
        for n, mark in enumerate(value, start=1):
            region_id = check_mark(mark, n)
            if region_id in seen:
                raise forms.ValidationError(
                    f"{region_label(region_id)} is marked twice; mark each region once."
                )
            seen.add(region_id)

    def clean(self, value) -> list[dict]:
        marks = super().clean(value)
        # Keep only what the drawing means, in a fixed shape.
        return [{k: mark[k] for k in ("id", "intensity", "quality") if k in mark} for mark in marks]


def check_mark(mark, n: int) -> str:
    """The region id of a valid mark; ValidationError naming the mark otherwise."""
    if not isinstance(mark, dict) or "id" not in mark:
        raise forms.ValidationError(f"Mark {n} of the pain drawing has no region.")
    if unknown := set(mark) - MARK_KEYS:
        raise forms.ValidationError(
            f"Mark {n} of the pain drawing has unexpected fields: {', '.join(sorted(unknown))}."
        )
    region_id, intensity = mark["id"], mark.get("intensity")
    if not isinstance(region_id, str) or region_id not in load_atlas():
        raise forms.ValidationError(
            f"Mark {n} of the pain drawing is not a region of the body map ({region_id!r})."
        )
    if isinstance(intensity, bool) or not isinstance(intensity, int) or not 1 <= intensity <= 10:
        raise forms.ValidationError(
            f"{region_label(region_id)}: the intensity must be a whole number from 1 to 10."
        )
    if "quality" in mark and mark["quality"] not in [key for key, _ in QUALITIES]:
        raise forms.ValidationError(
            f"{region_label(region_id)}: the quality must be one of "
            f"{', '.join(label.lower() for _, label in QUALITIES)}."
        )
    return region_id


def region_label(region_id: str) -> str:
    return load_atlas().get(region_id).label


def pain_field(
    label: str,
    *,
    required: bool = True,
    missing: str = "Choose a score from 0 to 10.",
    error: str = PAIN_ERROR,
) -> forms.IntegerField:
    """A 0-10 pain rating as a row of buttons, refusing anything else with `error`."""
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=10,
        widget=forms.RadioSelect(choices=PAIN_SCALE),
        error_messages={
            "required": missing,
            "invalid": error,
            "min_value": error,
            "max_value": error,
        },
    )


def checkboxes(choices, label: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class IntakeForm(forms.ModelForm):
    """The intake: the pain drawing, pain scores, onset, causes, goals, and the two screens."""

    drawing = DrawingField(label="Pain drawing", required=False)
    pain_now = pain_field("Pain now")
    pain_best = pain_field("Pain at its best (last week)")
    pain_worst = pain_field("Pain at its worst (last week)")

    class Meta:
        model = Intake
        fields = [
            "drawing", "pain_now", "pain_best", "pain_worst", "onset", "onset_date", "causes",
            "other_cause", "goals", "red_flags", "absolute_contraindications",
            "relative_contraindications", "site_contraindications",
        ]  # fmt: skip
        labels = {
            "onset": "How did it start?", "onset_date": "Since when",
            "other_cause": "Other cause", "goals": "The patient's goals",
        }  # fmt: skip
        widgets = {
            "onset": forms.RadioSelect,
            "onset_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "other_cause": forms.TextInput(attrs={"placeholder": "In the patient's words"}),
            "goals": forms.Textarea(
                attrs={"rows": 3, "placeholder": "e.g. Work a full day at the computer"}
            ),
        }
        help_texts = {"onset_date": "Approximate is fine."}

    def __init__(self, *args, patient, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient = patient
        causes = [(c.id, c.name) for c in catalog().causes.values()]
        self.fields["causes"] = checkboxes(causes, "What may have caused or keeps it going")
        self.fields["red_flags"] = checkboxes(
            screening.RED_FLAGS.items(), "Reported by the patient"
        )
        self.fields["absolute_contraindications"] = checkboxes(
            screening.ABSOLUTE_CONTRAINDICATIONS.items(), "Absolute contraindications"
        )
        self.fields["relative_contraindications"] = checkboxes(
            screening.RELATIVE_CONTRAINDICATIONS.items(), "Relative contraindications"
        )
        self.fields["site_contraindications"] = checkboxes(
            [
                (screening.site_key(key, site), site_name)
                for key in screening.SITE_ITEMS
                for site, site_name in screening.SITES.items()
            ],
            "At a site: no needling into the part of the body ticked",
        )

    def create(self, request, episode) -> Intake:
        """Save the intake in `episode`, recorded by the request's user, with its audit entry."""
        with transaction.atomic():
            intake = self.save(commit=False)
            intake.clinic, intake.episode, intake.patient, intake.recorded_by = (
                episode.clinic, episode, episode.patient, request.user,
            )  # fmt: skip
            self.complete(intake, episode)
            intake.save()
            log.record(request, Action.CREATE, intake)
        return intake

    def complete(self, intake: Intake, episode) -> None:
        """What this kind of intake sets before it is saved: nothing for the clinician's."""

    def clean_onset_date(self):
        onset = self.cleaned_data["onset_date"]
        if onset is None:
            return None
        if onset > timezone.localdate():
            raise forms.ValidationError("The onset date cannot be in the future.")
        if onset < self.patient.date_of_birth:
            raise forms.ValidationError("The onset date is before the patient's date of birth.")
        return onset

    def clean_other_cause(self):
        return self.cleaned_data["other_cause"].strip()

    def clean_goals(self):
        return self.cleaned_data["goals"].strip()

    def site_groups(self) -> list[dict]:
        """The site checkboxes by contraindication, each group open when one is ticked."""
        boxes = self["site_contraindications"].subwidgets
        per_item = len(screening.SITES)
        groups = []
        for n, (key, item) in enumerate(screening.SITE_ITEMS.items()):
            mine = boxes[n * per_item : (n + 1) * per_item]
            groups.append(
                {"key": key, "label": item.label, "note": item.note, "boxes": mine,
                 "open": any(box.data["selected"] for box in mine)}
            )  # fmt: skip
        return groups

    def prominent_causes(self) -> list:
        """The checkboxes of the causes every patient is asked about."""
        return self["causes"].subwidgets[:PROMINENT_CAUSES]

    def more_causes(self) -> list:
        return self["causes"].subwidgets[PROMINENT_CAUSES:]

    def more_causes_chosen(self) -> bool:
        """Whether a cause under "More" is ticked (the section then opens)."""
        return any(box.data["selected"] for box in self.more_causes())
