"""Episodes, intakes and assessments for the assessment tests."""

from taut.episodes.models import BodyArea, Episode
from taut.exams.models import Assessment
from taut.intake.models import Intake

# Pain at the right temple and the back and side of the neck: upper trapezius TrP1 leads,
# levator scapulae TrP1 follows.
NECK_AND_TEMPLE = [
    {"id": "temple_r", "intensity": 7, "quality": "aching"},
    {"id": "posterolateral_neck_r", "intensity": 5},
]


def make_episode(patient, by, title="Right neck pain and headache") -> Episode:
    return Episode.objects.create(
        clinic=patient.clinic, patient=patient, title=title, body_area=BodyArea.HEAD_NECK,
        created_by=by,
    )  # fmt: skip


def make_intake(episode, by, drawing=NECK_AND_TEMPLE) -> Intake:
    return Intake.objects.create(
        clinic=episode.clinic, episode=episode, patient=episode.patient, recorded_by=by,
        drawing=drawing, pain_now=5, pain_best=2, pain_worst=8,
    )  # fmt: skip


def make_assessment(episode, by, **fields) -> Assessment:
    return Assessment.objects.create(
        clinic=episode.clinic, episode=episode, patient=episode.patient, clinician=by, **fields
    )
