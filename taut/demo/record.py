"""Clinical histories for the demo patients: an episode matching each triage complaint, with
intake, consent, assessment and a few weekly sessions. Invented, but clinically coherent."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from taut.episodes.models import BodyArea, Consent, ConsentText, Episode
from taut.exams.models import Assessment, Diagnosis, PalpationFinding, RangeOfMotion
from taut.intake.models import Intake, Onset
from taut.kb.atlas import load_atlas
from taut.kb.catalog import catalog
from taut.measures.demo import add_measures
from taut.notes.models import ClinicalNote, NoteStatus
from taut.treatment.models import (
    AdverseEvent,
    AdverseKind,
    Needling,
    Severity,
    Technique,
    TreatmentSession,
)

CONSENT_VERSION = "2026-1"
CONSENT_TEXT = (
    "Dry needling uses a fine solid needle to treat trigger points in muscle. Expected effects "
    "are soreness for a day or two and occasional bruising. Rare risks include fainting, "
    "infection and, when needling over the chest wall, a collapsed lung (pneumothorax). You "
    "may decline or stop at any time; other treatments are available."
)


@dataclass(frozen=True)
class Story:
    title: str
    area: str
    side: str
    drawing: tuple[tuple[str, int], ...]  # (base region, intensity)
    pain: int
    causes: tuple[str, ...]
    found: tuple[tuple[str, bool], ...]  # (trigger point, reproduces the familiar pain)
    needled: tuple[str, ...]  # trigger points needled each session
    rom: tuple[tuple[str, int, int], ...]  # (movement, first degrees, gain per session)
    diagnosis: str
    relative: tuple[str, ...] = ()


# One story per triage complaint of taut.demo.people.COMPLAINTS, in the same order.
STORIES = [
    Story("Neck pain with temple headaches", BodyArea.HEAD_NECK, "right",
          (("posterolateral_neck", 6), ("temple", 7), ("mastoid", 4), ("jaw_angle", 3)), 6,
          ("poor_posture", "prolonged_sitting", "chronic_stress"),
          (("upper_trapezius_tp1", True), ("levator_scapulae_tp1", False)),
          ("upper_trapezius_tp1", "levator_scapulae_tp1"),
          (("neck_rotation", 50, 4), ("neck_lateral_flexion", 30, 3)), "M79.12"),
    Story("Deep front-of-shoulder pain", BodyArea.SHOULDER_ARM, "left",
          (("anterior_shoulder", 7), ("lateral_arm", 5), ("thenar", 3)), 7,
          ("repetitive_movement", "heavy_lifting"),
          (("infraspinatus_tp1", True), ("teres_minor_tp1", False)),
          ("infraspinatus_tp1", "teres_minor_tp1", "deltoid_anterior_tp1"),
          (("shoulder_internal_rotation", 40, 6), ("shoulder_abduction", 140, 8)), "M79.18"),
    Story("Low back and buttock pain after lifting", BodyArea.LOW_BACK, "right",
          (("lumbar_paraspinal", 6), ("sacroiliac_joint", 7), ("lower_buttock", 5),
           ("greater_trochanter", 4)), 7,
          ("heavy_lifting", "prolonged_sitting"),
          (("quadratus_lumborum_deep_tp1", True), ("gluteus_medius_tp1", True)),
          ("quadratus_lumborum_deep_tp1", "gluteus_medius_tp1"),
          (("trunk_flexion", 55, 5),), "M79.18", ("anticoagulants",)),
    Story("Outer elbow pain when gripping", BodyArea.FOREARM_HAND, "right",
          (("lateral_epicondyle", 7), ("dorsal_forearm", 4), ("dorsal_thumb_web", 3)), 6,
          ("repetitive_movement",),
          (("supinator_tp1", True), ("extensor_carpi_radialis_longus_tp1", True)),
          ("supinator_tp1", "extensor_carpi_radialis_longus_tp1", "brachioradialis_tp1"),
          (("wrist_flexion", 60, 4),), "M79.18"),
    Story("Heel pain on the first steps", BodyArea.LEG_FOOT, "left",
          (("plantar_heel", 7), ("posterior_heel", 4)), 6, ("footwear", "repetitive_movement"),
          (("soleus_tp1", True), ("quadratus_plantae_tp1", False)),
          ("soleus_tp1", "quadratus_plantae_tp1"),
          (("ankle_dorsiflexion", 10, 2),), "M79.18"),
    Story("Jaw and cheek pain with clenching", BodyArea.HEAD_NECK, "left",
          (("cheek", 6), ("tmj", 5), ("upper_teeth", 4), ("eyebrow", 3)), 5,
          ("muscle_tension", "chronic_stress"),
          (("masseter_superficial_tp1", True), ("temporalis_tp1", False)),
          ("masseter_superficial_tp1",), (), "M79.11"),
    Story("Widespread pain with poor sleep", BodyArea.WIDESPREAD, "right",
          (("upper_shoulder", 6), ("lumbar_paraspinal", 6), ("lateral_buttock", 5),
           ("anterior_thigh", 4), ("posterolateral_neck", 6)), 7,
          ("chronic_stress", "inactivity"),
          (("upper_trapezius_tp1", True),), ("upper_trapezius_tp1",), (), "M79.7"),
]  # fmt: skip


def consent_text(clinic) -> ConsentText:
    text, _ = ConsentText.objects.get_or_create(
        clinic=clinic, version=CONSENT_VERSION, defaults={"text": CONSENT_TEXT}
    )
    return text


def build_history(patient, story: Story, clinician, weeks_ago: int, sessions: int) -> None:
    """One episode for the patient, unless they have one already (the demo is idempotent)."""
    if Episode.objects.filter(patient=patient).exists():
        return
    clinic, side = patient.clinic, story.side
    start = timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(weeks=weeks_ago), time(9, 30))
    )
    episode = Episode.objects.create(
        clinic=clinic, patient=patient, title=story.title, body_area=story.area,
        opened_on=start.date(), created_by=clinician,
    )  # fmt: skip
    drawing = [{"id": load_atlas().sided(base, side), "intensity": level, "quality": "aching"}
               for base, level in story.drawing]  # fmt: skip
    Intake.objects.create(
        clinic=clinic, episode=episode, patient=patient, recorded_at=start,
        recorded_by=clinician, drawing=drawing, pain_now=story.pain,
        pain_best=max(0, story.pain - 3), pain_worst=min(10, story.pain + 2),
        onset=Onset.GRADUAL, onset_date=start.date() - timedelta(weeks=10),
        causes=list(story.causes), goals="Work and sleep without pain.",
        relative_contraindications=list(story.relative),
    )  # fmt: skip
    Consent.objects.create(
        clinic=clinic, episode=episode, patient=patient, text=consent_text(clinic),
        given_at=start, witnessed_by=clinician,
    )  # fmt: skip
    assessment = Assessment.objects.create(
        clinic=clinic, episode=episode, patient=patient, performed_at=start,
        clinician=clinician,
    )  # fmt: skip
    for tp, familiar in story.found:
        PalpationFinding.objects.create(
            assessment=assessment, trigger_point=tp, side=side, taut_band=True,
            hypersensitive_spot=True, referred_pain=familiar, recognised_pain=familiar,
            local_twitch=familiar,
        )  # fmt: skip
    for movement, degrees, _ in story.rom:
        rom_row(movement, side, degrees, clinic=clinic, assessment=assessment)
    Diagnosis.objects.create(assessment=assessment, code=story.diagnosis)
    for number in range(sessions):
        at = start + timedelta(weeks=number, minutes=45)
        last = number == sessions - 1
        session_for(episode, story, clinician, at, number, draft=last)
    add_measures(episode, clinician)


def session_for(episode, story, clinician, at, number, *, draft):
    from taut.treatment.soap import soap_note

    kb, side = catalog(), story.side
    before = max(1, story.pain - 2 * number)
    session = TreatmentSession.objects.create(
        clinic=episode.clinic, episode=episode, patient=episode.patient, performed_at=at,
        clinician=clinician, pain_before=before, pain_after=max(0, before - 2),
        soft_tissue=["ischaemic", "stretch"],
        exercises="Self-release with a ball and the stretch from the home program, twice a day.",
    )  # fmt: skip
    for tp_id in story.needled[: 2 + min(number, 1)]:
        tp = kb.trigger_point(tp_id)
        guidance = kb.muscle(tp.muscle_id).needling
        Needling.objects.create(
            session=session, muscle=tp.muscle_id, trigger_point=tp_id, side=side,
            technique=Technique.PISTONING,
            needle_length_mm=Decimal(str(guidance.needle_length_mm[0])),
            needle_gauge_mm=Decimal(str(guidance.needle_gauge_mm[0])),
            insertions=4, twitch_responses=2 if number == 0 else 1,
        )  # fmt: skip
    for movement, degrees, gain in story.rom:
        rom_row(
            movement, side, degrees + gain * (number + 1), clinic=episode.clinic, session=session
        )
    # Bruising is the commonest adverse event of dry needling (7.6% of treatments in Brady et al.
    # 2014, J Man Manip Ther 22:134-140): every fifth demo patient has a mild one at the first
    # session, so the record, the exports and the FHIR AdverseEvent have one to show.
    if number == 0 and int(episode.patient.chart_number[1:] or 0) % 5 == 0:
        AdverseEvent.objects.create(
            session=session, kind=AdverseKind.BRUISING, severity=Severity.MILD,
            details="Small bruise at one needle site",
            action_taken="Firm pressure for a minute; told it fades within days.",
        )  # fmt: skip
    ClinicalNote.objects.create(
        clinic=episode.clinic, patient=episode.patient, session=session, author=clinician,
        title=f"Session {number + 1}: {episode.title}", text=soap_note(session),
        status=NoteStatus.DRAFT if draft else NoteStatus.SIGNED,
    )  # fmt: skip


def rom_row(movement, side, degrees, *, clinic, **owner):
    """A measurement with the normal value in force at the clinic, as the pages record it."""
    from taut.exams.norms import norm_for

    norm = norm_for(clinic, movement)
    axial = catalog().movements[movement].axial
    return RangeOfMotion.objects.create(
        movement=movement, side="midline" if axial else side, degrees=degrees,
        normal_degrees=norm.degrees if norm else None, normal_source=norm.source if norm else "",
        **owner,
    )  # fmt: skip
