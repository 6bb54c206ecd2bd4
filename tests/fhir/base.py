"""A patient with one of every record the FHIR export maps, for the FHIR tests."""

from datetime import timedelta

from django.utils import timezone

from taut.episodes.models import ConsentText
from taut.exams.models import Diagnosis, PalpationFinding
from taut.measures.models import QuestionnaireResponse
from taut.notes.models import ClinicalNote, NoteStatus
from taut.plans.models import PlanExercise, TreatmentPlan
from taut.treatment.models import AdverseEvent
from tests.base import ClinicTestCase
from tests.episodes.factories import make_consent
from tests.exams.factories import make_assessment, make_episode, make_intake
from tests.measures.factories import NDI_START, make_rom
from tests.treatment.factories import make_session, make_session_note

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
    """Episode, intake with a two-region drawing, a consent withdrawn and one in force,
    assessment (two palpated trigger points, ROM, diagnosis), a session needling three muscles
    with an adverse event and a signed note with an addendum, a draft chart note, NPRS, NDI and
    PSFS, a plan in two versions."""
    episode = make_episode(patient, clinician)
    make_intake(episode, clinician, drawing=DRAWING)
    wording, _ = ConsentText.objects.get_or_create(
        clinic=patient.clinic, version="2026-1",
        defaults={"text": "Dry needling uses a fine solid needle."},
    )  # fmt: skip
    given = timezone.now() - timedelta(days=30)
    make_consent(episode, wording, clinician, given_at=given,
                 withdrawn_at=given + timedelta(days=1))  # fmt: skip
    make_consent(episode, wording, clinician, given_at=given + timedelta(days=2))
    assessment = make_assessment(episode, clinician)
    PalpationFinding.objects.create(
        assessment=assessment, trigger_point="upper_trapezius_tp1", side="right", taut_band=True,
        hypersensitive_spot=True, referred_pain=True, recognised_pain=True, local_twitch=True,
    )  # fmt: skip
    PalpationFinding.objects.create(assessment=assessment, trigger_point="levator_scapulae_tp1",
                                    side="left", taut_band=True)  # fmt: skip
    make_rom(assessment, movement="neck_rotation", side="right", degrees=40, normal=80)
    Diagnosis.objects.create(assessment=assessment, code="M79.12")
    session = make_session(
        episode, clinician, needled=[("upper_trapezius", "right"), ("levator_scapulae", "left"),
                                     ("temporalis", "right")],
    )  # fmt: skip
    make_rom(session, movement="neck_rotation", side="right", degrees=55, normal=80)
    AdverseEvent.objects.create(session=session, kind="bruising", severity="mild",
                                action_taken="Pressure for a minute.")  # fmt: skip
    note = make_session_note(session, status=NoteStatus.SIGNED)
    ClinicalNote.objects.create(
        clinic=patient.clinic, patient=patient, author=clinician, amends=note,
        title=f"Addendum: {note.title}", text="Dizzy for a minute after.", status=NoteStatus.SIGNED,
    )  # fmt: skip
    ClinicalNote.objects.create(clinic=patient.clinic, patient=patient, author=clinician,
                                title="Phone call", text="Asked to move the visit.",
                                status=NoteStatus.DRAFT)  # fmt: skip
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
