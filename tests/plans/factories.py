"""An assessed episode to propose a plan from: intake, palpation findings, ROM, questionnaires."""

from datetime import timedelta

from django.utils import timezone

from taut.exams.models import Assessment, PalpationFinding, RangeOfMotion
from taut.intake.models import Intake
from taut.measures.models import QuestionnaireResponse
from tests.exams.factories import NECK_AND_TEMPLE, make_episode

ACTIVE = {"taut_band": True, "hypersensitive_spot": True, "recognised_pain": True}
LATENT = {"taut_band": True, "hypersensitive_spot": True}
NDI_MODERATE = [3, 2, 2, 2, 3, 2, 2, 2, 3, 1]  # 22/50: 44%, moderate


def make_assessed_episode(
    patient, by, *, pain=5, weeks=3, active=("upper_trapezius_tp1",), latent=(), absolute=(),
    relative=(), causes=("poor_posture",),
):  # fmt: skip
    episode = make_episode(patient, by)
    Intake.objects.create(
        clinic=episode.clinic, episode=episode, patient=patient, recorded_by=by,
        drawing=NECK_AND_TEMPLE, pain_now=pain, pain_best=max(0, pain - 2), pain_worst=pain,
        onset_date=timezone.localdate() - timedelta(weeks=weeks), causes=list(causes),
        absolute_contraindications=list(absolute), relative_contraindications=list(relative),
    )  # fmt: skip
    assessment = Assessment.objects.create(
        clinic=episode.clinic, episode=episode, patient=patient, clinician=by
    )
    for tp in active:
        PalpationFinding.objects.create(
            assessment=assessment, trigger_point=tp, side="right", **ACTIVE
        )
    for tp in latent:
        PalpationFinding.objects.create(
            assessment=assessment, trigger_point=tp, side="right", **LATENT
        )
    RangeOfMotion.objects.create(
        assessment=assessment, movement="neck_rotation", side="left", degrees=40, normal_degrees=60
    )
    return episode


def add_response(episode, by, instrument, answers):
    return QuestionnaireResponse.objects.record(
        episode, instrument, answers, entered_by=by, source="paper"
    )
