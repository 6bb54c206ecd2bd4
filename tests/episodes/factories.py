"""Episodes, consent texts, consents and intakes for the episode and intake tests."""

from django.utils import timezone

from taut.episodes.models import BodyArea, Consent, ConsentText, Episode
from taut.intake.models import Intake

NECK_AND_TEMPLE = [
    {"id": "temple_r", "intensity": 7, "quality": "aching"},
    {"id": "posterolateral_neck_r", "intensity": 5},
]


def make_episode(patient, by, title="Right neck pain and headache", **fields) -> Episode:
    return Episode.objects.create(
        clinic=patient.clinic, patient=patient, title=title,
        body_area=fields.pop("body_area", BodyArea.HEAD_NECK), created_by=by, **fields,
    )  # fmt: skip


def make_intake(episode, by, drawing=NECK_AND_TEMPLE, **fields) -> Intake:
    fields = {"pain_now": 5, "pain_best": 2, "pain_worst": 8, **fields}
    return Intake.objects.create(
        clinic=episode.clinic, episode=episode, patient=episode.patient, recorded_by=by,
        drawing=drawing, **fields,
    )  # fmt: skip


def make_consent_text(
    clinic, version="2026-1", text="Dry needling uses a fine needle."
) -> ConsentText:
    return ConsentText.objects.create(clinic=clinic, version=version, text=text)


def make_consent(episode, text, witness, **fields) -> Consent:
    fields.setdefault("given_at", timezone.now())
    return Consent.objects.create(
        clinic=episode.clinic, episode=episode, patient=episode.patient, text=text,
        witnessed_by=witness, **fields,
    )  # fmt: skip
