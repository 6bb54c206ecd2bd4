"""Treatment plans: what the clinician accepted for an episode, version by version.

A plan is never edited in place. Accepting a proposal, or changing an accepted plan, writes a
new version; the episode's current plan is its highest version. Each version keeps the
proposal it came from (`proposal`, with the reasons for every part) so the page can say why.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from taut.clinics.models import Clinic, ClinicRecord
from taut.kb.catalog import Dosage


class PlanQuerySet(models.QuerySet):
    def current(self):
        """The highest version of each episode's plan."""
        newer = self.model.objects.filter(
            episode=models.OuterRef("episode"), version__gt=models.OuterRef("version")
        )
        return self.exclude(models.Exists(newer))


class TreatmentPlan(ClinicRecord):
    """One accepted version of an episode's plan of care."""

    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="plans")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    assessment = models.ForeignKey(
        "exams.Assessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The assessment the proposal was made from.",
    )
    visits = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    visits_per_week = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    reassess_after_visits = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    needles_per_visit = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(20)],
        help_text="Trigger points needled a visit, at most; empty on plans accepted before it "
        "was kept.",
    )
    # [{"trigger_point": tp id, "muscle": muscle id, "side": Side, "why": text}], in order
    needling_targets = models.JSONField(default=list, blank=True)
    # treatment.SoftTissue values
    soft_tissue = models.JSONField(default=list, blank=True)
    # [{"measure": "nprs" | instrument | movement id, "kind": "score" | "rom", "side": Side or "",
    #   "target": number, "text": plain words, "why": text}]
    goals = models.JSONField(default=list, blank=True)
    # cause ids of taut/kb/data/causes.yaml that the prevention advice answers
    prevention = models.JSONField(default=list, blank=True)
    notes = models.TextField(
        blank=True,
        help_text="For the patient: printed on their home program and shown in the portal.",
    )
    # the proposal this version was accepted from: inputs, proposed values and reasons
    proposal = models.JSONField(default=dict, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(auto_now_add=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["episode", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "version"], name="one_plan_version"),
        ]

    def __str__(self) -> str:
        return f"Plan v{self.version} for {self.episode}"


class PlanExercise(models.Model):
    """One exercise of a plan's home program, with the dosage prescribed.

    `exercise` is the exercise library id; the name and instructions are copied so a program
    handed to the patient never changes under them when the library does. A clinician's own
    exercise has no library id.
    """

    plan = models.ForeignKey(TreatmentPlan, on_delete=models.CASCADE, related_name="exercises")
    position = models.PositiveSmallIntegerField(default=0)
    exercise = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=20)  # catalog.SELF_CARE_KINDS
    muscle = models.CharField(max_length=80, blank=True)  # knowledge base muscle id
    name = models.CharField(max_length=200)
    how = models.TextField()
    sets = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(20)]
    )
    repetitions = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    hold_seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    times_per_day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(12)]
    )
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def dosage(self) -> Dosage:
        return Dosage(self.sets, self.repetitions, self.hold_seconds, self.times_per_day)


class PlanRules(models.Model):
    """One saved version of a clinic's plan rules (YAML of taut/planning), with who and when.

    Never changed in place: saving, or resetting to the defaults, writes the next version; the
    clinic's rules are its highest version, or Taut's defaults when it has none.
    """

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="plan_rules")
    version = models.PositiveIntegerField()
    text = models.TextField()
    is_default = models.BooleanField(default=False, help_text="A reset to Taut's defaults.")
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["clinic", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "version"], name="one_rules_version"),
        ]

    def __str__(self) -> str:
        return f"Plan rules v{self.version} of {self.clinic}"
