"""The pain diary: one 0-10 rating a day, written by the patient, never written over."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from taut.portal.models import PainDiaryEntry

# How far back a missed day may still be filled in. Not a clinical number: a diary is only
# useful while the day is remembered, so older days are left to the next visit.
BACKFILL_DAYS = 14


class DiaryError(ValueError):
    """Why an entry was refused, in words for the patient."""


def earliest_day(today: date | None = None) -> date:
    return (today or timezone.localdate()) - timedelta(days=BACKFILL_DAYS)


def entry_on(patient, day: date) -> PainDiaryEntry | None:
    return PainDiaryEntry.objects.filter(patient=patient, recorded_on=day).first()


def record(patient, episode, day: date, pain: int, note: str = "") -> PainDiaryEntry:
    """Add the entry for `day`; DiaryError when that day already has one (kept as it is)."""
    earlier = entry_on(patient, day)
    if earlier is not None:
        raise DiaryError(already(earlier))
    try:
        with transaction.atomic():
            return PainDiaryEntry.objects.create(
                clinic=patient.clinic, patient=patient, episode=episode,
                recorded_on=day, pain=pain, note=note,
            )  # fmt: skip
    except IntegrityError:  # the same day sent twice at once
        raise DiaryError(already(entry_on(patient, day))) from None


def already(entry: PainDiaryEntry | None) -> str:
    if entry is None:
        return "That day already has an entry."
    return (
        f"You already logged your pain for {entry.recorded_on:%-d %B} ({entry.pain}/10); "
        "it has been kept as it was. If it was wrong, tell the clinic at your next visit."
    )
