import functools

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

from taut.clinical import billing
from taut.clinics.models import ClinicRecord
from taut.clinics.versions import Versioned
from taut.exams.models import Side
from taut.kb.catalog import catalog
from taut.measures.outcome_sources import OutcomeSource

PAIN = [MinValueValidator(0), MaxValueValidator(10)]


class TreatmentSession(OutcomeSource, Versioned, ClinicRecord):
    """One visit's treatment in an episode.

    Edited while its note is a draft; once signed, changed only by an amendment with a reason.
    Every version is kept (`history`, and the rows' own histories)."""

    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, related_name="sessions"
    )
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    performed_at = models.DateTimeField(default=timezone.now)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The visit this session was started from ("Start visit" on the appointment), if any.
    appointment = models.OneToOneField(
        "scheduling.Appointment", on_delete=models.PROTECT, null=True, blank=True,
        related_name="session",
    )  # fmt: skip
    pain_before = models.PositiveSmallIntegerField(validators=PAIN)
    pain_after = models.PositiveSmallIntegerField(validators=PAIN, null=True, blank=True)
    soft_tissue = models.JSONField(default=list, blank=True)  # SoftTissue values
    exercises = models.TextField("exercises taught", blank=True)
    comments = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-performed_at"]
        # An episode's sessions in time order (progress charts, the session list, the
        # outcomes dashboard's sessions-to-response); the clinic's sessions in a date range.
        indexes = [
            models.Index(fields=["episode", "performed_at"], name="session_episode_time"),
            models.Index(fields=["clinic", "performed_at"], name="session_clinic_time"),
        ]

    def __str__(self) -> str:
        return f"Session {self.performed_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        """Saved with its day's counts for the outcomes dashboard (and the day it moved from)."""
        with transaction.atomic():
            moved_from = None
            if not self._state.adding:
                moved_from = (
                    type(self)._base_manager.filter(pk=self.pk)
                    .values_list("performed_at", flat=True).first()
                )  # fmt: skip
            super().save(*args, **kwargs)
            recount_days(self.clinic_id, self.performed_at, moved_from)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            clinic_id, performed_at = self.clinic_id, self.performed_at
            deleted = super().delete(*args, **kwargs)
            recount_days(clinic_id, performed_at)
        return deleted

    def history_rows(self) -> list:
        """The rows whose versions are kept with the session's."""
        return [self.needlings.all(), self.rom.all(), self.adverse_events.all()]

    def needled_muscles(self) -> list[tuple[str, str]]:
        """(anatomical muscle id, side) of everything needled: parts of one muscle count as
        that muscle, each member of a family of separate muscles as itself."""
        return [(anatomical_id(n.muscle), n.side) for n in self.needlings.all()]

    def cpt_code(self, count_sides: bool = False) -> str | None:
        return billing.needling_code(self.needled_muscles(), count_sides=count_sides)


@functools.cache
def anatomical_id(muscle: str) -> str:
    """The muscle a knowledge base muscle id counts as for billing (taut.clinical.billing):
    parts of one muscle count as that muscle, each member of a family of separate muscles as
    itself. Shared by the session, the exports' value rows and the FHIR export, which ask it
    for every needling."""
    return catalog().muscle(muscle).anatomical_id


class SoftTissue(models.TextChoices):
    MASSAGE = "massage", "Soft tissue massage"
    ISCHAEMIC = "ischaemic", "Ischaemic compression"
    STRETCH = "stretch", "Passive stretch"
    SPRAY_STRETCH = "spray_stretch", "Spray and stretch"
    INSTRUMENT = "instrument", "Instrument-assisted soft tissue work"
    HEAT = "heat", "Heat"


class Technique(models.TextChoices):
    STATIC = "static", "Static (needle left in place)"
    PISTONING = "pistoning", "Pistoning (fast-in, fast-out)"
    OTHER = "other", "Other"


class Needling(models.Model):
    """One muscle needled in a session."""

    session = models.ForeignKey(
        TreatmentSession, on_delete=models.CASCADE, related_name="needlings"
    )
    muscle = models.CharField(max_length=80)  # knowledge base muscle id
    trigger_point = models.CharField(max_length=80, blank=True)
    side = models.CharField(max_length=10, choices=Side.choices)
    technique = models.CharField(
        max_length=12, choices=Technique.choices, default=Technique.PISTONING
    )
    needle_length_mm = models.DecimalField(
        max_digits=5, decimal_places=1, validators=[MinValueValidator(5), MaxValueValidator(150)]
    )
    needle_gauge_mm = models.DecimalField(
        max_digits=4, decimal_places=2, validators=[MinValueValidator(0.1), MaxValueValidator(0.5)]
    )
    insertions = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    twitch_responses = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.muscle} ({self.side})"


class AdverseKind(models.TextChoices):
    BRUISING = "bruising", "Bruising"
    BLEEDING = "bleeding", "Bleeding"
    PAIN_DURING = "pain_during", "Pain during needling"
    PAIN_AFTER = "pain_after", "Pain after needling"
    AGGRAVATION = "aggravation", "Aggravation of symptoms"
    FAINTING = "fainting", "Fainting or near-fainting"
    DROWSINESS = "drowsiness", "Drowsiness"
    NAUSEA = "nausea", "Nausea"
    HEADACHE = "headache", "Headache"
    PNEUMOTHORAX = "pneumothorax", "Suspected pneumothorax"
    NERVE = "nerve", "Nerve irritation"
    OTHER = "other", "Other"


class Severity(models.TextChoices):
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"


class AdverseEvent(models.Model):
    session = models.ForeignKey(
        TreatmentSession, on_delete=models.CASCADE, related_name="adverse_events"
    )
    kind = models.CharField(max_length=20, choices=AdverseKind.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    action_taken = models.TextField(blank=True)
    details = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_severity_display()})"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            recount_days(self.session.clinic_id, self.session.performed_at)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            recount_days(self.session.clinic_id, self.session.performed_at)
        return deleted


def recount_days(clinic_id: int, *moments) -> None:
    """Recount the outcomes dashboard's sessions and adverse events on these moments' days."""
    # Imported here: the counts read the very models defined in this module.
    from taut.measures import session_days

    session_days.refresh(clinic_id, *(session_days.day_of(m) for m in moments if m))
