"""A patient with one of every record the FHIR export maps, for the FHIR tests."""

from taut.exams.models import Diagnosis
from taut.measures.models import QuestionnaireResponse
from taut.plans.models import PlanExercise, TreatmentPlan
from taut.treatment.models import AdverseEvent
from tests.base import ClinicTestCase
from tests.exams.factories import make_assessment, make_episode, make_intake
from tests.measures.factories import NDI_START, make_rom
from tests.treatment.factories import make_session

DRAWING = [
    {"id": "temple_r", "intensity": 7, "quality": "aching"},
    {"id": "posterolateral_neck_l", "intensity": 5},
]


def make_plan(episode, by, version, **fields) -> TreatmentPlan:
    return TreatmentPlan.objects.create(
        clinic=episode.clinic, episode=episode, patient=episode.patient, version=version,
        visits=6, visits_per_week=2, reassess_after_visits=3, accepted_by=by, **fields,
    )  # fmt: skip


def make_record(patient, clinician):
    """Episode, intake with a two-region drawing, assessment (ROM, diagnosis), a session
    needling three muscles with an adverse event, NPRS, NDI and PSFS, a plan in two versions."""
    episode = make_episode(patient, clinician)
    make_intake(episode, clinician, drawing=DRAWING)
    assessment = make_assessment(episode, clinician)
    make_rom(assessment, movement="neck_rotation", side="right", degrees=40, normal=80)
    Diagnosis.objects.create(assessment=assessment, code="M79.12")
    session = make_session(
        episode, clinician, needled=[("upper_trapezius", "right"), ("levator_scapulae", "left"),
                                     ("temporalis", "right")],
    )  # fmt: skip
    make_rom(session, movement="neck_rotation", side="right", degrees=55, normal=80)
    AdverseEvent.objects.create(session=session, kind="bruising", severity="mild",
                                action_taken="Pressure for a minute.")  # fmt: skip
    for instrument, answers in (
        ("nprs", [6]),
        ("ndi", NDI_START),
        ("psfs", {"items": [3, 4], "activities": ["Driving", "Reading"]}),
    ):
        QuestionnaireResponse.objects.record(
            episode, instrument, answers, entered_by=clinician,
            by_patient=instrument == "nprs", source="paper",
        )  # fmt: skip
    make_plan(
        episode,
        clinician,
        1,
        needling_targets=[
            {"trigger_point": "upper_trapezius_tp1", "muscle": "upper_trapezius", "side": "right"}
        ],
    )
    plan = make_plan(episode, clinician, 2, goals=[{"text": "Drive for an hour without pain"}])
    PlanExercise.objects.create(plan=plan, kind="stretch", name="Upper trapezius stretch",
                                how="Tilt the head away.", sets=3, hold_seconds=30)  # fmt: skip
    return episode


class FhirTestCase(ClinicTestCase):
    """Grace Hopper of Northside has a full record; Southside's patient has one too."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = make_record(cls.patient, cls.alice)
        from tests.factories import make_patient

        cls.other_patient = make_patient(cls.other_clinic, "Olga", "Other")
        make_record(cls.other_patient, cls.charlie)
