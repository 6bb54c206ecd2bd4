"""Plans with a home program, diary entries and appointments for the portal tests."""

from datetime import timedelta

from django.utils import timezone

from taut.kb.exercises import exercise as library_exercise
from taut.plans.models import PlanExercise, TreatmentPlan
from taut.portal.models import PainDiaryEntry
from taut.scheduling.models import Appointment, AppointmentType, Kind

# Six library exercises for a neck episode: a typical program, and the longest a test prints.
NECK_PROGRAM = (
    "upper_trapezius.ear-to-shoulder-stretch",
    "upper_trapezius.pincer-squeeze-of-the-upper-trapezius",
    "levator_scapulae.nose-to-armpit-stretch",
    "levator_scapulae.ball-at-the-angle-of-the-neck",
    "sternocleidomastoid_sternal.sternocleidomastoid-stretch",
    "upper_trapezius.take-the-weight-off-the-shoulders",
)
TARGET = {"trigger_point": "upper_trapezius_tp1", "muscle": "upper_trapezius", "side": "right",
          "why": "Recognised pain on palpation."}  # fmt: skip


def make_plan(episode, by, exercise_ids=NECK_PROGRAM, *, version=1, notes="", needling=True):
    plan = TreatmentPlan.objects.create(
        clinic=episode.clinic, episode=episode, patient=episode.patient, version=version,
        visits=6, visits_per_week=1, reassess_after_visits=3, notes=notes, accepted_by=by,
        needling_targets=[TARGET] if needling else [],
    )  # fmt: skip
    for position, ident in enumerate(exercise_ids):
        ex = library_exercise(ident)
        d = ex.dosage
        PlanExercise.objects.create(
            plan=plan, position=position, exercise=ex.id, kind=ex.kind, muscle=ex.muscle_id,
            name=ex.name, how=ex.how, sets=d.sets, repetitions=d.repetitions,
            hold_seconds=d.hold_seconds, times_per_day=d.times_per_day,
        )  # fmt: skip
    return plan


def make_diary(patient, episode, pains, *, end=None):
    """One entry a day, ending today (or `end`), oldest first."""
    end = end or timezone.localdate()
    start = end - timedelta(days=len(pains) - 1)
    return [
        PainDiaryEntry.objects.create(
            clinic=patient.clinic,
            patient=patient,
            episode=episode,
            recorded_on=start + timedelta(days=k),
            pain=pain,
        )  # fmt: skip
        for k, pain in enumerate(pains)
    ]


def make_appointment(patient, clinician, starts_at, *, status="booked", episode=None):
    kind, _ = AppointmentType.objects.get_or_create(
        clinic=patient.clinic, name="Follow-up treatment",
        defaults={"kind": Kind.TREATMENT, "minutes": 45},
    )  # fmt: skip
    return Appointment.objects.create(
        clinic=patient.clinic, patient=patient, clinician=clinician, type=kind, episode=episode,
        starts_at=starts_at, ends_at=starts_at + timedelta(minutes=45), status=status,
        created_by=clinician,
    )  # fmt: skip
