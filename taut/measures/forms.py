"""Questionnaire forms: each item a row of large radio buttons, checked by the scoring library so
an invalid answer is refused with its message on the item it names."""

from datetime import UTC, datetime, timedelta

from django import forms
from django.utils import timezone

from taut.measures import instruments
from taut.measures.instruments import ACR_GROUPS, SECTIONS, SPECS, Spec, area_label
from taut.measures.models import Source
from taut.scoring import ScoringError, acr2016

UNCHOSEN = ""  # no radio button chosen
NOT_ANSWERED = "na"  # the patient left the item blank: None in the stored answers
CLOCK_SKEW = timedelta(minutes=5)
# How long before its episode opened a questionnaire may be dated: one filled in before the
# first visit (sent with the booking) counts as the episode's baseline. Taut's own tolerance
# for data entry, not a clinical rule: a month covers booking ahead, while a date further back
# would make a stale or mistyped answer the baseline every change is measured from.
BEFORE_OPENING = timedelta(days=30)


def answered_at_problem(answered_at: datetime, episode=None) -> str | None:
    """Why `answered_at` (aware) cannot date a response of `episode`, or None: not in the
    future, not before the patient's birth nor more than BEFORE_OPENING before the episode
    opened. The one rule of the entry page and the API."""
    try:
        moment = answered_at.astimezone(UTC)  # year 1 at +14:00 is before datetime.min
        day = timezone.localdate(moment)
    except OverflowError:
        return "This date and time is out of range."
    if moment > timezone.now() + CLOCK_SKEW:
        return "The answers cannot be dated in the future."
    if episode is None:
        return None
    born, opened = episode.patient.date_of_birth, episode.opened_on
    if day < born:
        return f"The answers cannot be dated before the patient's birth ({born:%Y-%m-%d})."
    if day < opened - BEFORE_OPENING:
        return (f"The answers cannot be dated more than {BEFORE_OPENING.days} days before the "
                f"episode opened ({opened:%Y-%m-%d}).")  # fmt: skip
    return None


PSFS_ROWS = 5


class ItemField(forms.Field):
    """One item's answer: a whole number, None for "not answered", UNCHOSEN when no button is
    chosen. Other input is passed on as given, for the scoring library to name the problem."""

    widget = forms.RadioSelect

    def __init__(self, *, low=0, high=10, may_skip=False, choices=None, item=None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        options = list(choices or [(str(v), str(v)) for v in range(low, high + 1)])
        # With the full wording (a taut.scoring.wording.Item): answer statements as the
        # choices, or the words at both ends of a 0-10 scale.
        self.statements = bool(item and item.statements)
        self.anchors = item.options if item and not item.statements else ()
        if self.statements:
            options = [(str(low + k), text) for k, text in enumerate(item.options)]
        if may_skip:
            options.append((NOT_ANSWERED, "Not answered"))
        self.widget.choices = options
        self.may_skip = may_skip

    def to_python(self, value):
        if value in (None, ""):
            return UNCHOSEN
        if value == NOT_ANSWERED:
            return None
        text = str(value).strip()
        return int(text) if text.lstrip("-").isdigit() else text


class AreasField(forms.MultipleChoiceField):
    """Painful areas by name; unknown names are left to the scoring library, which suggests."""

    def validate(self, value):
        pass


class ResponseForm(forms.Form):
    """What every questionnaire form has: when it was answered and by whom; subclasses add the
    items, `collect()` them into the stored answers and map a ScoringError to a field."""

    answered_at = forms.DateTimeField(
        label="Answered on",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    by_patient = forms.BooleanField(
        required=False, label="The patient filled this in themselves (tablet or paper)"
    )
    source = forms.ChoiceField(
        label="How were the questions put to the patient?",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the answers come from this screen or paper."},
    )

    def __init__(self, data=None, *, spec: Spec, wording=None, initial=None, episode=None):
        super().__init__(data, initial=initial)
        self.spec, self.wording, self.episode = spec, wording, episode
        self.fields["answered_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        # Without the full wording the questionnaire cannot be given on screen, only copied
        # from a paper form the patient filled in.
        sources = [Source.SCREEN, Source.PAPER] if wording else [Source.PAPER]
        self.fields["source"].choices = [(s.value, s.label) for s in sources]
        if not wording:
            self.fields["source"].initial = Source.PAPER
        self.answers = self.result = None
        self.add_answer_fields()

    def item(self, number: int):
        """The full wording of item `number`, or None without the wording."""
        return self.wording.item(number) if self.wording else None

    def item_label(self, number: int) -> str:
        return self.wording.item(number).text if self.wording else self.spec.labels[number - 1]

    def add_answer_fields(self) -> None:
        raise NotImplementedError

    def collect(self):
        """The answers in their stored shape, or None after adding errors for unchosen rows."""
        raise NotImplementedError

    def field_for(self, error: ScoringError) -> str | None:
        return None

    def clean_answered_at(self):
        answered_at = self.cleaned_data["answered_at"]
        if problem := answered_at_problem(answered_at, self.episode):
            raise forms.ValidationError(problem)
        return answered_at

    def clean(self):
        data = super().clean()
        answers = self.collect()
        if answers is None:
            return data
        try:
            self.result = instruments.score(self.spec.name, answers)
        except ScoringError as error:
            self.add_error(self.field_for(error), str(error))
        else:
            self.answers = answers
        return data

    def chosen(self, name: str):
        return self.cleaned_data.get(name, UNCHOSEN)


class ItemsForm(ResponseForm):
    """NPRS, NDI, ODI, QuickDASH and FIQR: items in questionnaire order."""

    def add_answer_fields(self):
        spec = self.spec
        for number in range(1, len(spec.labels) + 1):
            self.fields[f"item_{number}"] = ItemField(
                low=spec.low, high=spec.high, may_skip=number in spec.may_skip,
                label=self.item_label(number), item=self.item(number),
            )  # fmt: skip

    def rows(self):
        """(item number, bound field, heading before it or None), in questionnaire order."""
        headings = SECTIONS.get(self.spec.name, {})
        return [
            (n, self[f"item_{n}"], headings.get(n)) for n in range(1, len(self.spec.labels) + 1)
        ]

    def collect(self):
        values, complete = [], True
        for number in range(1, len(self.spec.labels) + 1):
            value = self.chosen(f"item_{number}")
            if value == UNCHOSEN:
                if number in self.spec.may_skip:
                    self.add_error(
                        f"item_{number}",
                        f"Item {number} ({self.spec.labels[number - 1]}): choose an answer, or "
                        "“Not answered” if the patient left it blank.",
                    )
                    complete = False
                    continue
                value = None  # the scoring library says this item may not be missing
            values.append(value)
        return values if complete else None

    def field_for(self, error):
        return f"item_{error.item}" if error.item else None


class PsfsForm(ResponseForm):
    """PSFS: one to five activities the patient names, each rated 0-10."""

    def add_answer_fields(self):
        for n in range(1, PSFS_ROWS + 1):
            self.fields[f"activity_{n}"] = forms.CharField(
                label=f"Activity {n}", max_length=100, required=False
            )
            self.fields[f"rating_{n}"] = ItemField(
                label=f"Rating of activity {n}", item=self.item(1)
            )
        self.rated_rows: list[int] = []

    def rows(self):
        return [(n, self[f"activity_{n}"], self[f"rating_{n}"]) for n in range(1, PSFS_ROWS + 1)]

    def collect(self):
        names, ratings, complete = [], [], True
        for n in range(1, PSFS_ROWS + 1):
            name = (self.cleaned_data.get(f"activity_{n}") or "").strip()
            rating = self.chosen(f"rating_{n}")
            if not name and rating == UNCHOSEN:
                continue
            if not name:
                self.add_error(
                    f"activity_{n}", f"Activity {n}: name the activity the patient rated."
                )
                complete = False
            elif rating == UNCHOSEN:
                self.add_error(
                    f"rating_{n}", f"Activity {n}: rate it from 0 to 10, or clear its name."
                )
                complete = False
            else:
                names.append(name)
                ratings.append(rating)
                self.rated_rows.append(n)
        if complete and not ratings:
            self.add_error(
                "activity_1", "Activity 1: name at least one activity the patient finds hard."
            )
            complete = False
        return {"items": ratings, "activities": names} if complete else None

    def field_for(self, error):
        if error.item and error.item <= len(self.rated_rows):
            return f"rating_{self.rated_rows[error.item - 1]}"
        return "activity_1"


class Acr2016Form(ResponseForm):
    """ACR 2016: the 19 painful areas, the symptom severity parts and the duration."""

    def add_answer_fields(self):
        self.fields["areas"] = AreasField(
            label="Painful areas in the past week", required=False,
            choices=[(a, area_label(a)) for a in acr2016.AREAS],
            widget=forms.CheckboxSelectMultiple,
        )  # fmt: skip
        for number, key in enumerate(acr2016.FIELDS, 1):
            if key in acr2016.SEVERITY:
                field = ItemField(low=0, high=3, item=self.item(number))
            else:
                field = ItemField(choices=[("0", "No"), ("1", "Yes")], item=self.item(number))
            field.label = self.item_label(number)
            self.fields[key] = field
        self.fields["duration_months"] = forms.FloatField(
            label="Symptoms present for (months)",
            widget=forms.NumberInput(attrs={"step": "0.5", "min": "0", "inputmode": "decimal"}),
            error_messages={"required": "Enter how many months the symptoms have lasted."},
        )

    def area_groups(self):
        """[(side, [(region, [checkbox, ...]), ...]), ...] as in instruments.ACR_GROUPS."""
        boxes = {box.data["value"]: box for box in self["areas"]}
        return [
            (side, [(region, [boxes[a] for a in areas]) for region, areas in groups])
            for side, groups in ACR_GROUPS
        ]

    def severity_rows(self):
        return [self[key] for key in acr2016.SEVERITY]

    def present_rows(self):
        return [self[key] for key in acr2016.PRESENT]

    def collect(self):
        answers, complete = {"areas": list(self.cleaned_data.get("areas") or [])}, True
        for key in acr2016.FIELDS:
            value = self.chosen(key)
            if value == UNCHOSEN:
                self.add_error(key, f"{self.fields[key].label}: choose an answer.")
                complete = False
            answers[key] = value
        months = self.cleaned_data.get("duration_months")
        if months is None:
            complete = False  # the field has its own error
        answers["duration_months"] = months
        return answers if complete else None

    def field_for(self, error):
        return error.field if error.field in self.fields else None


def form_for(instrument: str, data=None, wording=None, initial=None, episode=None) -> ResponseForm:
    """The entry form of `instrument`; `wording` is its full wording (taut.scoring.wording), or
    None when it is not loaded; `episode` bounds the date it may be answered on."""
    form_class = {"psfs": PsfsForm, "acr2016": Acr2016Form}.get(instrument, ItemsForm)
    return form_class(data, spec=SPECS[instrument], wording=wording, initial=initial,
                      episode=episode)  # fmt: skip
