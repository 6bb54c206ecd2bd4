"""Sessions, their rows and notes, and the POST data of the session form."""

from decimal import Decimal

from taut.notes.models import ClinicalNote, NoteStatus
from taut.treatment.models import Needling, TreatmentSession
from taut.treatment.soap import soap_note


def make_session(episode, by, needled=(), pain_before=6, pain_after=3, **fields):
    """A session needling `needled`: (muscle id, side) pairs or muscle ids (left side)."""
    session = TreatmentSession.objects.create(
        clinic=episode.clinic, episode=episode, patient=episode.patient, clinician=by,
        pain_before=pain_before, pain_after=pain_after, **fields,
    )  # fmt: skip
    for item in needled:
        muscle, side = item if isinstance(item, tuple) else (item, "left")
        Needling.objects.create(
            session=session, muscle=muscle, side=side, needle_length_mm=Decimal("30"),
            needle_gauge_mm=Decimal("0.25"), insertions=3, twitch_responses=1,
        )  # fmt: skip
    return session


def make_session_note(session, status=NoteStatus.DRAFT) -> ClinicalNote:
    return ClinicalNote.objects.create(
        clinic=session.clinic, patient=session.patient, session=session, author=session.clinician,
        title=f"Session: {session.episode.title}", text=soap_note(session), status=status,
    )  # fmt: skip


def needling_row(muscle="temporalis", side="left", **fields) -> dict:
    return {"muscle": muscle, "side": side, "technique": "pistoning", "insertions": "4",
            "twitch_responses": "2", **fields}  # fmt: skip


def session_data(needling=(), rom=(), events=(), initial_needling=0, **fields) -> dict:
    """The session form as a browser posts it: the main fields and three sets of rows."""
    data = {"pain_before": "6", "pain_after": "3", "exercises": "", "comments": "", **fields}
    for prefix, rows, initial in (
        ("needling", needling, initial_needling), ("rom", rom, 0), ("events", events, 0),
    ):  # fmt: skip
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(initial)
        for i, row in enumerate(rows):
            data.update({f"{prefix}-{i}-{name}": value for name, value in row.items()})
    return {k: v for k, v in data.items() if v is not None}
