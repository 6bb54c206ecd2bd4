"""Demo pain diary: the demo portal patient's last ten days, easing a little from the pain
they reported at their latest session. Invented but plausible; idempotent."""

from datetime import timedelta

from django.utils import timezone

from taut.episodes.models import Episode
from taut.patients.models import Patient
from taut.portal.models import PainDiaryEntry

# Change from the latest session's pain, day by day, oldest first, with the odd note.
DAYS = (
    (0, "Sore where the needles went in, as expected."), (0, ""), (-1, ""),
    (0, "Long day at the desk."), (-1, "Did all my stretches."), (-1, ""), (-2, ""),
    (-1, "Stiff after driving."), (-2, ""), (-2, "Best day in a while."),
)  # fmt: skip


def seed(clinic) -> int:
    """Add the diary of the clinic's portal patient unless they have one; entries made."""
    patient = Patient.objects.filter(clinic=clinic, portal_user__isnull=False).first()
    if patient is None or PainDiaryEntry.objects.filter(patient=patient).exists():
        return 0
    episode = (
        Episode.objects.filter(patient=patient, discharged_on__isnull=True)
        .order_by("-opened_on", "-pk")
        .first()
    )
    session = episode.sessions.order_by("-performed_at").first() if episode else None
    start_pain = session.pain_before if session else 6
    today = timezone.localdate()
    entries = [
        PainDiaryEntry(
            clinic=clinic,
            patient=patient,
            episode=episode,
            note=note,
            recorded_on=today - timedelta(days=len(DAYS) - k),
            pain=min(10, max(0, start_pain + change)),
        )  # fmt: skip
        for k, (change, note) in enumerate(DAYS)
    ]
    PainDiaryEntry.objects.bulk_create(entries)
    return len(entries)
