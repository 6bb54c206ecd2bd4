"""What a patient fills in on the portal: the pain diary and the intake before a visit."""

from django import forms
from django.utils import timezone

from taut.episodes.models import BodyArea
from taut.intake.forms import IntakeForm, pain_field
from taut.portal import diary, screening


def record_field(choices: list[tuple[str, str]]) -> forms.ChoiceField:
    """Which of the patient's clinics a diary entry or an intake is for, when they have records
    at more than one and it cannot be told which is meant."""
    return forms.ChoiceField(
        label="Which clinic is this for?",
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the clinic this is for."},
    )


class DiaryForm(forms.Form):
    """One day's pain, 0 to 10, with a short note; with `record_choices`, which clinic's record
    it belongs to."""

    recorded_on = forms.DateField(
        label="Day",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Choose the day.", "invalid": "Enter a date like 2026-11-23."},
    )
    pain = pain_field(
        "How bad was your pain that day, on the whole?",
        missing="Choose a number from 0 (no pain) to 10 (the worst pain you can imagine).",
        error="Pain is a number from 0 (no pain) to 10 (the worst pain you can imagine).",
    )
    note = forms.CharField(
        label="Anything to tell your clinician (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": "e.g. Stiff after a long drive; stretches helped"}
        ),
    )

    def __init__(self, *args, record_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recorded_on"].initial = timezone.localdate()
        if record_choices:
            self.fields["record"] = record_field(record_choices)
            self.order_fields(["record"])

    def clean_recorded_on(self):
        day = self.cleaned_data["recorded_on"]
        today = timezone.localdate()
        if day > today:
            raise forms.ValidationError("That day has not come yet: log pain for today or earlier.")
        if day < diary.earliest_day(today):
            raise forms.ValidationError(
                f"The diary goes back {diary.BACKFILL_DAYS} days; tell the clinic about earlier "
                "days at your next visit."
            )
        return day

    def clean_note(self):
        return self.cleaned_data["note"].strip()


class PatientIntakeForm(IntakeForm):
    """The intake in the patient's words. The needling screen's absolute contraindications are
    the clinician's judgement, so they are asked at the visit, not here."""

    class Meta(IntakeForm.Meta):
        fields = [
            "drawing", "pain_now", "pain_best", "pain_worst", "onset", "onset_date", "causes",
            "other_cause", "goals", "red_flags", "relative_contraindications",
            "site_contraindications",
        ]  # fmt: skip
        labels = {
            "onset": "How did it start?",
            "onset_date": "Since when (roughly)",
            "other_cause": "Anything else that may have caused it",
            "goals": "What would you like to be able to do again?",
        }

    def complete(self, intake, episode) -> None:
        """Filled in by the patient, keeping the screening the episode already has on file."""
        intake.by_patient = True
        screening.carry_forward(intake, episode.latest_intake())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["absolute_contraindications"]
        self.fields["pain_best"].label = "Your pain at its best in the last week"
        self.fields["pain_worst"].label = "Your pain at its worst in the last week"
        self.fields["pain_now"].label = "Your pain right now"
        self.fields["causes"].label = "What may have caused it or keeps it going? Tick any"
        self.fields["red_flags"].label = "Do any of these apply to you? Tick any"
        self.fields[
            "relative_contraindications"
        ].label = "Before dry needling: do any of these apply to you? Tick any"
        self.fields[
            "site_contraindications"
        ].label = "Is any part of your body affected by one of these? Tick where"
        self.fields["goals"].widget.attrs["placeholder"] = "e.g. Work a full day at the computer"
        self.fields["other_cause"].widget.attrs["placeholder"] = "In your own words"


class NewEpisodeForm(forms.Form):
    """When the patient has no open episode, their intake opens one named by their complaint;
    with `record_choices`, at the clinic they choose."""

    title = forms.CharField(
        label="What is the problem, in a few words?",
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "e.g. Pain in the right side of my neck"}),
        error_messages={"required": "Tell us in a few words what the problem is."},
    )
    body_area = forms.ChoiceField(
        label="Where is it mainly?",
        choices=BodyArea.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the problem mainly is."},
    )

    def __init__(self, *args, record_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if record_choices:
            self.fields["record"] = record_field(record_choices)
            self.order_fields(["record"])

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("Tell us in a few words what the problem is.")
        return title
