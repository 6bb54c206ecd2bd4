"""Staff forms: booking, moving and cancelling appointments, and the clinic's visit types."""

from datetime import date, time, timedelta

from django import forms
from django.utils import timezone

from taut import days
from taut.accounts.models import User
from taut.clinics.models import Clinic, Membership
from taut.clinics.roles import Role
from taut.clinics.versions import VersionedForm
from taut.scheduling import availability
from taut.scheduling.models import (
    LONGEST_MINUTES,
    AppointmentType,
    Kind,
    TimeOfDay,
    WaitlistEntry,
    WorkingHours,
)
from taut.scheduling.series import MAX_WEEKS
from taut.widgets import LongSelect

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M")
# The days a booking or a calendar page may fall on: far enough for any real visit, and far
# from the ends of Python's date range, where adding a visit's length or a week overflows.
EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(2100, 12, 31)
OUT_OF_RANGE = "Choose a day between 1900-01-01 and 2100-12-31."


def bounded(day: date) -> date:
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise forms.ValidationError(OUT_OF_RANGE)
    return day


# Where a request's "time of day" puts the first suggestion on the booking form.
TIME_OF_DAY_START = {
    TimeOfDay.MORNING: time(9, 0), TimeOfDay.AFTERNOON: time(14, 0),
    TimeOfDay.EVENING: time(17, 0),
}  # fmt: skip


def clinicians_of(clinic: Clinic):
    """The people who hold an active clinician role at `clinic`."""
    # By a subquery rather than a join, which would need DISTINCT over whole users.
    roles = Membership.objects.filter(clinic=clinic, role=Role.CLINICIAN, is_active=True)
    return User.objects.filter(pk__in=roles.values("user"))


class ClinicianChoiceField(forms.ModelChoiceField):
    widget = LongSelect  # a clinic group's clinicians: 46 at the 1M-session bench

    def label_from_instance(self, user):
        return user.display_name


SKIPPED = "The clocks go forward that night, so this time does not exist; choose another."


class WhenForm(forms.Form):
    """A clinician, a day and a start time: what booking and moving both ask for.

    A visit outside the clinician's working hours (a slip of the hour, 02:30 for 14:30, or an
    evening visit on purpose) is booked only once the box to book it anyway is ticked: the box
    appears with the hours when it is needed."""

    clinician = ClinicianChoiceField(queryset=User.objects.none(), empty_label=None)
    date = forms.DateField(widget=DATE_INPUT)
    time = forms.TimeField(widget=TIME_INPUT, label="Start time")
    outside_hours = forms.BooleanField(
        required=False, label="Book it anyway, outside working hours", widget=forms.HiddenInput
    )

    def __init__(self, *args, clinic: Clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinic = clinic
        self.fields["clinician"].queryset = clinicians_of(clinic)
        if self.fields["outside_hours"].to_python(self["outside_hours"].data):
            self.offer_outside_hours()  # ticked: it stays in sight, ticked

    def offer_outside_hours(self) -> None:
        self.fields["outside_hours"].widget = forms.CheckboxInput()

    def length(self, data) -> int | None:
        """How long the visit asked for lasts, in minutes, when the form knows."""
        return None

    def clean_date(self):
        return bounded(self.cleaned_data["date"])

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("time"):
            data["starts_at"] = days.instant(data["date"], data["time"])
            if timezone.localtime(data["starts_at"]).time() != data["time"]:
                # the hour skipped when the clocks go forward: 02:30 would be kept as 03:30
                self.add_error("time", SKIPPED)
            elif data["starts_at"] < timezone.now():
                self.add_error("time", "This time is in the past; choose a later one.")
            elif data.get("clinician") and (minutes := self.length(data)):
                self.check_hours(data, data["starts_at"] + timedelta(minutes=minutes))
        return data

    def check_hours(self, data, ends_at) -> None:
        outside = availability.outside_hours(self.clinic, data["clinician"], data["starts_at"],
                                             ends_at)  # fmt: skip
        if outside and not data.get("outside_hours"):
            self.offer_outside_hours()
            self.add_error(None, f"{outside} Tick “Book it anyway” to book it all the same.")


class BookForm(WhenForm):
    patient = forms.UUIDField(widget=forms.HiddenInput)
    request = forms.IntegerField(widget=forms.HiddenInput, required=False)
    type = forms.ModelChoiceField(
        queryset=AppointmentType.objects.none(), label="Appointment type", empty_label=None
    )
    notes = forms.CharField(
        required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    weeks = forms.IntegerField(
        label="Weekly for (weeks)", min_value=1, max_value=MAX_WEEKS, initial=1, required=False,
        help_text="1 books one visit. More books the same time every week; if any week clashes, "
        "nothing is booked and the clashes are listed.",
    )  # fmt: skip
    waitlist = forms.IntegerField(widget=forms.HiddenInput, required=False)

    field_order = ["patient", "request", "waitlist", "type", "clinician", "date", "time",
                   "outside_hours", "weeks", "notes"]  # fmt: skip

    def __init__(self, *args, clinic: Clinic, **kwargs):
        super().__init__(*args, clinic=clinic, **kwargs)
        self.fields["type"].queryset = AppointmentType.objects.filter(clinic=clinic, is_active=True)

    def length(self, data) -> int | None:
        return data["type"].minutes if data.get("type") else None


class MoveForm(VersionedForm, WhenForm):
    """A new time (and perhaps length) for a booked appointment, from the version of it the
    page showed."""

    minutes = forms.IntegerField(
        label="Length (minutes)", min_value=5, max_value=LONGEST_MINUTES, required=False,
        help_text="Change it to make the visit longer or shorter; empty keeps its length.",
    )  # fmt: skip

    def compared_fields(self) -> list[str]:
        return []

    def length(self, data) -> int | None:
        if "minutes" in self.errors:
            return None
        return data.get("minutes") or self.record.minutes


class SlotForm(WhenForm):
    """A time opened for patients to book on the portal."""

    type = forms.ModelChoiceField(
        queryset=AppointmentType.objects.none(), label="Appointment type", empty_label=None
    )
    field_order = ["type", "clinician", "date", "time"]

    def __init__(self, *args, clinic: Clinic, **kwargs):
        super().__init__(*args, clinic=clinic, **kwargs)
        self.fields["type"].queryset = AppointmentType.objects.filter(clinic=clinic, is_active=True)


class CancelForm(forms.Form):
    reason = forms.CharField(
        max_length=200,
        label="Reason for cancelling",
        help_text="Kept with the appointment, for example “patient unwell, will call back”.",
    )


class CalendarForm(forms.Form):
    """The days a calendar page or day sheet shows; `taut.scheduling.picker` reads whom."""

    date = forms.DateField(widget=DATE_INPUT, required=False)
    view = forms.ChoiceField(choices=[("week", "Week"), ("day", "Day")], required=False)

    def clean_date(self):
        day = self.cleaned_data["date"]
        return bounded(day) if day else day


class AppointmentTypeForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = AppointmentType
        fields = ["name", "kind", "minutes"]
        labels = {"minutes": "Length (minutes)"}

    def __init__(self, *args, clinic: Clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinic = clinic
        self.fields["kind"].choices = Kind.choices

    def theirs_kwargs(self) -> dict:
        return {"clinic": self.clinic}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = AppointmentType.objects.filter(clinic=self.clinic, name__iexact=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("This clinic already has a type with this name.")
        return name


class DeclineForm(forms.Form):
    reason = forms.CharField(
        max_length=200,
        label="Reason for declining",
        help_text="Kept with the request. Let the person know, by phone or e-mail.",
    )


class FreeSlotForm(forms.Form):
    """What the free-slot search asks: the visit's type, with whom, from when, how many."""

    type = forms.ModelChoiceField(
        queryset=AppointmentType.objects.none(), label="Appointment type", empty_label=None
    )
    clinician = ClinicianChoiceField(
        queryset=User.objects.none(), required=False, empty_label="Any clinician"
    )
    date = forms.DateField(widget=DATE_INPUT, required=False, label="From")
    count = forms.IntegerField(
        label="How many", min_value=1, max_value=50, initial=10, required=False
    )

    def __init__(self, *args, clinic: Clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = AppointmentType.objects.filter(clinic=clinic, is_active=True)
        self.fields["clinician"].queryset = clinicians_of(clinic)

    def clean_date(self):
        day = self.cleaned_data["date"]
        return bounded(day) if day else day


class WorkingHoursForm(forms.ModelForm):
    """One span of a weekday: the clinic open, or a clinician working."""

    class Meta:
        model = WorkingHours
        fields = ["weekday", "starts", "ends"]
        labels = {"starts": "From", "ends": "Until"}
        widgets = {"starts": TIME_INPUT, "ends": TIME_INPUT}

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", "The end must be later than the start.")
        return data


class WaitlistForm(forms.ModelForm):
    class Meta:
        model = WaitlistEntry
        fields = ["type", "clinician", "earliest", "latest", "notes"]
        labels = {"type": "Appointment type", "earliest": "From", "latest": "Until"}
        widgets = {"earliest": DATE_INPUT, "latest": DATE_INPUT}

    def __init__(self, *args, clinic: Clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = AppointmentType.objects.filter(clinic=clinic, is_active=True)
        self.fields["type"].empty_label = None
        clinician = self.fields["clinician"]
        clinician.queryset = clinicians_of(clinic)
        clinician.empty_label = "Any clinician"
        clinician.label_from_instance = lambda user: user.display_name

    def clean_earliest(self):
        return bounded(self.cleaned_data["earliest"])

    def clean_latest(self):
        day = self.cleaned_data["latest"]
        return bounded(day) if day else day

    def clean(self):
        data = super().clean()
        if data.get("earliest") and data.get("latest") and data["latest"] < data["earliest"]:
            self.add_error("latest", "The last day cannot come before the first.")
        return data
