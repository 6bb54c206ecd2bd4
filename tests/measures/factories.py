"""Episodes with sessions, range of motion, intakes and questionnaires for the measures tests."""

from datetime import datetime, timedelta

from django.utils import timezone

from taut.episodes.models import BodyArea, Episode
from taut.exams.models import Assessment, RangeOfMotion
from taut.intake.models import Intake
from taut.measures.models import QuestionnaireResponse, Source
from taut.treatment.models import TreatmentSession

START = timezone.make_aware(datetime(2026, 3, 2, 9, 0))

# Published-example-like answers (docs/scoring.md): NDI 21 points over 9 answered items.
NDI_WORKED = ["1", "2", "3", "na", "5", "0", "1", "2", "3", "4"]
NDI_START = [3, 2, 2, 2, 3, 2, 2, 2, 3, 1]  # 22/50: 44%
NDI_BETTER = [1, 1, 1, 1, 1, 1, 1, 1, 2, 1]  # 11/50: 22%
NDI_LITTLE_BETTER = [3, 2, 2, 2, 2, 2, 2, 1, 2, 1]  # 19/50: 38%


def make_episode(patient, by, body_area=BodyArea.HEAD_NECK, title="Neck pain", **fields):
    return Episode.objects.create(
        clinic=patient.clinic, patient=patient, title=title, body_area=body_area,
        created_by=by, **fields,
    )  # fmt: skip


def make_session(episode, by, at, before, after=None):
    return TreatmentSession.objects.create(
        clinic=episode.clinic, episode=episode, patient=episode.patient, clinician=by,
        performed_at=at, pain_before=before, pain_after=after,
    )  # fmt: skip


def make_sessions(episode, by, pains, start=START):
    """One weekly session per (before, after) pair."""
    return [
        make_session(episode, by, start + timedelta(weeks=k), before, after)
        for k, (before, after) in enumerate(pains)
    ]


def make_intake(episode, by, drawing, at=START):
    return Intake.objects.create(
        clinic=episode.clinic, episode=episode, patient=episode.patient, recorded_by=by,
        recorded_at=at, drawing=drawing, pain_now=6, pain_best=3, pain_worst=8,
    )  # fmt: skip


def make_assessment(episode, by, at=START):
    return Assessment.objects.create(
        clinic=episode.clinic, episode=episode, patient=episode.patient, clinician=by,
        performed_at=at,
    )  # fmt: skip


def make_rom(owner, movement="neck_rotation", side="right", degrees=40, normal=80):
    kind = "assessment" if isinstance(owner, Assessment) else "session"
    return RangeOfMotion.objects.create(
        movement=movement, side=side, degrees=degrees, normal_degrees=normal, **{kind: owner}
    )


def make_response(episode, by, instrument, answers, at=START, source=Source.PAPER):
    return QuestionnaireResponse.objects.record(
        episode, instrument, answers, entered_by=by, answered_at=at, source=source
    )
