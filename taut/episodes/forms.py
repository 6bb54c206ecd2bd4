from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from taut.audit import log
from taut.audit.actions import Action
from taut.episodes.models import Consent, ConsentText, Episode, RedFlagDecision, RedFlagOutcome
from taut.widgets import LongSelect

# A tablet's clock and the server's may differ by a little; beyond that, a time is in the future.
CLOCK_SLACK = timedelta(minutes=5)


class EpisodeForm(forms.ModelForm):
    """Open an episode: the complaint in the patient's words, where, since when."""

    class Meta:
        model = Episode
        fields = ["title", "body_area", "opened_on"]
        widgets = {
            "title": forms.TextInput(
                attrs={"autofocus": True, "placeholder": "e.g. Right neck pain and headache"}
            ),
            "opened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {"title": "Complaint", "body_area": "Body area", "opened_on": "Opened on"}

    def __init__(self, *args, patient, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient = patient

    def create(self, request) -> Episode:
        """Open the episode in the request's clinic, with its audit entry, in one go."""
        with transaction.atomic():
            episode = self.save(commit=False)
            episode.clinic, episode.patient, episode.created_by = (
                request.clinic, self.patient, request.user,
            )  # fmt: skip
            episode.save()
            log.record(request, Action.CREATE, episode)
        return episode

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_opened_on(self):
        opened = self.cleaned_data["opened_on"]
        if opened > timezone.localdate():
            raise forms.ValidationError("An episode cannot open in the future.")
        if opened < self.patient.date_of_birth:
            raise forms.ValidationError("This is before the patient's date of birth.")
        return opened


class StaffChoiceField(forms.ModelChoiceField):
    widget = LongSelect  # everyone at the clinic

    def label_from_instance(self, user):
        return user.display_name


class ConsentForm(forms.ModelForm):
    """Record the patient's consent to dry needling: which text, when, witnessed by whom."""

    class Meta:
        model = Consent
        fields = ["text", "given_at", "witnessed_by"]
        labels = {"text": "Consent text", "given_at": "Given at", "witnessed_by": "Witnessed by"}
        widgets = {
            "given_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args, clinic, user, **kwargs):
        super().__init__(*args, **kwargs)
        texts = ConsentText.objects.filter(clinic=clinic)
        staff = (
            get_user_model()
            .objects.filter(memberships__clinic=clinic, memberships__is_active=True)
            .distinct()
        )
        self.fields["text"].queryset = texts
        self.fields["text"].empty_label = None
        self.fields["text"].label_from_instance = version_label
        self.fields["witnessed_by"] = StaffChoiceField(
            staff, label="Witnessed by", empty_label=None
        )
        self.fields["given_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if not self.is_bound:
            newest = texts.order_by("-created_at", "-pk").first()
            self.initial.setdefault("text", newest.pk if newest else None)
            self.initial.setdefault("witnessed_by", user.pk)
            self.initial.setdefault(
                "given_at", timezone.localtime().replace(second=0, microsecond=0)
            )

    def clean_given_at(self):
        given = self.cleaned_data["given_at"]
        if given > timezone.now() + CLOCK_SLACK:
            raise forms.ValidationError("Consent cannot be given in the future.")
        return given


def version_label(text: ConsentText) -> str:
    return f"Version {text.version} (added {timezone.localdate(text.created_at):%Y-%m-%d})"


class ConsentTextForm(forms.ModelForm):
    """A new version of the clinic's consent text; versions are never edited."""

    class Meta:
        model = ConsentText
        fields = ["version", "text"]
        labels = {"version": "Version", "text": "Consent text"}
        widgets = {
            "version": forms.TextInput(attrs={"placeholder": "e.g. 2026-1"}),
            "text": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {"version": "A short name for this wording; it cannot be reused."}

    def __init__(self, *args, clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinic = self.instance.clinic = clinic

    def clean_version(self):
        version = self.cleaned_data["version"].strip()
        if ConsentText.objects.filter(clinic=self.clinic, version=version).exists():
            raise forms.ValidationError("The clinic already has a consent text of this version.")
        return version

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Write the text the patient reads and agrees to.")
        return text


class RedFlagDecisionForm(forms.ModelForm):
    """The clinician's decision on the red flags on file; a decision to treat needs a reason."""

    class Meta:
        model = RedFlagDecision
        fields = ["outcome", "reason"]
        labels = {"outcome": "Decision", "reason": "Reason and findings"}
        widgets = {
            "outcome": forms.RadioSelect,
            "reason": forms.Textarea(
                attrs={"rows": 4, "placeholder": "e.g. Neurological screen normal; pain "
                       "mechanical and reproduced on palpation"}
            ),
        }  # fmt: skip
        help_texts = {
            "reason": "What you assessed and why you decided so. Required to treat despite a "
            "red flag."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = RedFlagOutcome.choices  # no blank radio
        self.fields["outcome"].error_messages["required"] = "Choose the decision."

    def clean_reason(self):
        return self.cleaned_data["reason"].strip()

    def clean(self):
        data = super().clean()
        if data.get("outcome") == RedFlagOutcome.TREAT and not data.get("reason"):
            self.add_error("reason", "State why treatment goes ahead despite the red flag.")
        return data

    def create(self, request, episode, flags: list[str]) -> RedFlagDecision:
        """Save the decision on `flags` in `episode`, by the request's user, with its audit."""
        with transaction.atomic():
            decision = self.save(commit=False)
            decision.clinic, decision.episode, decision.decided_by = (
                episode.clinic, episode, request.user,
            )  # fmt: skip
            decision.red_flags = list(flags)
            decision.save()
            log.record(
                request, Action.CREATE, decision,
                detail={"outcome": decision.outcome, "red_flags": decision.red_flags},
            )  # fmt: skip
        return decision
