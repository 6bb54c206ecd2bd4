import dataclasses

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from taut.clinics.models import Clinic, ClinicRecord
from taut.measures import instruments
from taut.measures.outcome_sources import OutcomeSource
from taut.scoring import DEFAULT, Rule, Thresholds, wording


class Instrument(models.TextChoices):
    """The outcome measures Taut scores (taut/scoring), by their registry names."""

    NPRS = "nprs", "NPRS (pain rating)"
    PSFS = "psfs", "PSFS (patient-specific function)"
    NDI = "ndi", "NDI (Neck Disability Index)"
    ODI = "odi", "ODI (Oswestry Disability Index)"
    QUICKDASH = "quickdash", "QuickDASH (arm, shoulder and hand)"
    FIQR = "fiqr", "FIQR (fibromyalgia impact)"
    ACR2016 = "acr2016", "ACR 2016 fibromyalgia criteria"


class Source(models.TextChoices):
    """How a questionnaire was put to the patient: what makes its score valid or not."""

    PORTAL = "portal", "On the portal, with the full wording"
    SCREEN = "screen", "In the clinic, with the full wording on screen"
    PAPER = "paper", "From a paper form"
    # Responses saved before Taut recorded how they were taken. The form then showed a short
    # topic label and 0-5 buttons for the licensed instruments, which is not the instrument.
    LEGACY = "legacy", "Entered with short labels only (before the wording check)"


# Sources that show the wording on screen, so need the full wording loaded.
ON_SCREEN = (Source.PORTAL, Source.SCREEN)


class NoWording(Exception):
    """The instrument's full wording is not loaded for the clinic: it cannot be put on screen."""


class ResponseQuerySet(models.QuerySet):
    def in_order(self):
        """Oldest first: the first response of an episode is its baseline."""
        return self.order_by("answered_at", "pk")

    def counted(self):
        """The responses that count in verdicts and the outcomes dashboard: all but the
        licensed instruments' legacy, label-only entries (see Source.LEGACY)."""
        return self.exclude(source=Source.LEGACY, instrument__in=wording.LICENSED)

    def record(self, episode, instrument: str, answers, *, entered_by, source, **fields):
        """Score `answers` and store them with the score; ScoringError when they are invalid,
        NoWording when `source` puts the questionnaire on screen without its full wording."""
        from taut.measures import wordings

        loaded = None
        if source in ON_SCREEN:
            current = wordings.current(episode.clinic, instrument)
            if current is None:
                raise NoWording(f"The wording of {instrument} is not loaded for this clinic.")
            loaded = current.row
        result = instruments.score(instrument, answers)
        return self.create(
            clinic=episode.clinic, episode=episode, patient=episode.patient,
            instrument=instrument, answers=answers, score=result.score,
            details=result.as_dict(), entered_by=entered_by, source=source, wording=loaded,
            **fields,
        )  # fmt: skip


class QuestionnaireResponse(OutcomeSource, ClinicRecord):
    """One completed outcome questionnaire in an episode, with its score as computed then."""

    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, related_name="responses"
    )
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    instrument = models.CharField(max_length=12, choices=Instrument.choices)
    # Items in questionnaire order, null for a missing one; PSFS {"items", "activities"};
    # ACR 2016 {"areas", the six symptom fields, "duration_months"}.
    answers = models.JSONField()
    score = models.FloatField()
    details = models.JSONField(default=dict)  # the scoring result's as_dict()
    answered_at = models.DateTimeField(default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    by_patient = models.BooleanField(default=False, help_text="Filled in by the patient.")
    source = models.CharField(max_length=6, choices=Source.choices)
    # The clinic's licensed wording shown, for on-screen answers to licensed instruments.
    wording = models.ForeignKey(
        "measures.InstrumentWording", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-answered_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} {self.answered_at:%Y-%m-%d}"

    @property
    def is_counted(self) -> bool:
        """Whether the score counts in verdicts (the same rule as ResponseQuerySet.counted)."""
        return not (self.source == Source.LEGACY and self.instrument in wording.LICENSED)


class OutcomeThreshold(models.Model):
    """A clinic's own clinically important change for an instrument, replacing the default."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="outcome_thresholds")
    instrument = models.CharField(
        max_length=12, choices=[c for c in Instrument.choices if c[0] != Instrument.ACR2016]
    )
    points = models.FloatField(null=True, blank=True)
    percent = models.FloatField(null=True, blank=True)
    combine = models.CharField(
        max_length=3, choices=[("all", "All of them"), ("any", "Any one")], default="all"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "instrument"], name="one_threshold"),
            models.CheckConstraint(
                condition=models.Q(points__isnull=False) | models.Q(percent__isnull=False),
                name="threshold_has_a_criterion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument}: {self.rule()}"

    # The clinic's stored outcomes were judged by its rule: recomputed with the new one, in the
    # same transaction.
    def save(self, *args, **kwargs):
        from taut.measures.episode_outcomes import rebuild

        with transaction.atomic():
            super().save(*args, **kwargs)
            rebuild(self.clinic_id)

    def delete(self, *args, **kwargs):
        from taut.measures.episode_outcomes import rebuild

        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            rebuild(self.clinic_id)
        return deleted

    def rule(self) -> Rule:
        return Rule(points=self.points, percent=self.percent, combine=self.combine)


class EpisodeOutcome(models.Model):
    """One measure's series in one episode, measured twice or more, as the outcomes dashboard
    counts it: baseline (first value) against latest (last), under the clinic's rule. Derived
    from the sessions and questionnaires, and kept up to date by taut.measures.episode_outcomes
    whenever one of them, or the episode, is saved or deleted."""

    # Looked up by the index and the constraint below, which start with these columns.
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+", db_index=False)
    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.CASCADE, related_name="outcomes", db_index=False
    )
    # Copied from the episode: the dashboard's date range and breakdown.
    opened_on = models.DateField()
    body_area = models.CharField(max_length=20)
    # "session-pain" (pain before treatment at each session) or an instrument with an MCID.
    measure = models.CharField(max_length=12)
    measurements = models.PositiveIntegerField()
    baseline = models.FloatField()
    latest = models.FloatField()
    # Latest against baseline meets the clinic's rule (taut.scoring.mcid.improvement).
    responded = models.BooleanField()
    # The first value after the baseline that met the rule, and the sessions held by then.
    first_met_at = models.DateTimeField(null=True)
    sessions_to_first_met = models.PositiveIntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["episode", "measure"], name="one_outcome_per_measure")
        ]
        # The dashboard groups a date range's rows by these columns: on PostgreSQL the index
        # holds them too (INCLUDE), so the rows are read from the index alone.
        indexes = [
            models.Index(
                fields=["clinic", "opened_on"], name="outcome_clinic_opened",
                include=["measure", "body_area", "responded", "sessions_to_first_met"],
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.measure} of episode {self.episode_id}"


def thresholds_for(clinic: Clinic) -> Thresholds:
    """The clinic's thresholds: the published defaults (taut.scoring.mcid) with its overrides."""
    overrides = {t.instrument: t.rule() for t in OutcomeThreshold.objects.filter(clinic=clinic)}
    return dataclasses.replace(DEFAULT, **overrides)


class InstrumentWording(models.Model):
    """A clinic's licensed wording of one instrument, as uploaded by its admin; never edited,
    a correction is a new version. Checked by taut.scoring.wording before it is stored."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="wordings")
    instrument = models.CharField(
        max_length=12, choices=[c for c in Instrument.choices if c[0] in wording.LICENSED]
    )
    version = models.PositiveIntegerField()
    content = models.JSONField()  # taut.scoring.wording.Wording.as_dict()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["instrument", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "instrument", "version"], name="one_wording_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} wording, version {self.version}"

    def parsed(self) -> wording.Wording:
        return wording.parse(self.instrument, self.content)


class SessionDay(models.Model):
    """One local day of a clinic's treatment sessions and their adverse events, counted for the
    outcomes dashboard's rates: a year is read as at most 366 rows, not every session in it.
    Derived, and kept up to date by taut.measures.session_days whenever a session or its
    adverse events are written, a day at a time under a lock on its row; a day without
    sessions has no row."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    sessions = models.PositiveIntegerField()
    events = models.PositiveIntegerField()
    sessions_with_event = models.PositiveIntegerField()
    sessions_with_mild = models.PositiveIntegerField()
    sessions_with_serious = models.PositiveIntegerField()  # moderate or severe
    by_severity = models.JSONField(default=dict)  # severity value -> events
    by_kind = models.JSONField(default=dict)  # AdverseKind value -> events

    class Meta:
        constraints = [models.UniqueConstraint(fields=["clinic", "day"], name="one_session_day")]

    def __str__(self) -> str:
        return f"{self.day}: {self.sessions} sessions, {self.events} adverse events"


class OutcomeMonth(models.Model):
    """One calendar month of a clinic's episodes, by opening date, counted for the outcomes
    dashboard: a year's whole months are read as 12 rows, not every episode outcome in them.
    Derived, and kept up to date by taut.measures.outcome_months whenever an episode's outcomes
    are recomputed, a month at a time under a lock on its row; a month without episodes has no
    row."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField()  # its first day
    episodes = models.PositiveIntegerField()  # opened in the month
    # The month's EpisodeOutcome rows counted by what the dashboard groups them by:
    # [measure, body area, responded, sessions to first met (or null), rows].
    outcomes = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "month"], name="one_outcome_month")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.episodes} episodes opened"
