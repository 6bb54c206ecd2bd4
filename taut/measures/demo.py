"""Demo questionnaires: NPRS and the episode's body-area questionnaire at the start of care and
at the latest session, improving with the number of sessions. Invented but plausible."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from taut.measures.instruments import region_specific
from taut.measures.models import QuestionnaireResponse, Source

# Answers at the start of care, in questionnaire order (None: left blank by the patient).
BASELINE = {
    "ndi": [3, 2, 2, 2, 3, 2, 2, 2, 3, 2],  # 23/50: 46%, moderate
    "odi": [3, 2, 3, 2, 3, 2, 2, None, 2, 2],  # sex life left blank: 21/45, 46.7%
    "quickdash": [4, 4, 3, 3, 2, 4, 3, 3, 4, 2, 3],  # 35/11: 54.5
    "fiqr": [4, 5, 4, 6, 6, 5, 6, 5, 5, 7, 6, 7, 8, 7, 8, 5, 5, 6, 7, 4, 5],
}
LOWEST = {"ndi": 0, "odi": 0, "quickdash": 1, "fiqr": 0}
ACTIVITIES = {
    "head_neck": ("Working at the computer for an hour", "Reversing the car"),
    "shoulder_arm": ("Reaching to a high shelf", "Sleeping on the painful side"),
    "forearm_hand": ("Opening a jar", "Carrying a full kettle"),
    "upper_back": ("Sitting at the desk all morning", "Carrying the shopping"),
    "low_back": ("Getting up from a chair", "Putting on socks"),
    "hip_thigh": ("Climbing two flights of stairs", "Walking for half an hour"),
    "leg_foot": ("First steps in the morning", "Walking for half an hour"),
    "widespread": ("Housework for an hour", "Sleeping through the night"),
}
PSFS_START = (3, 4)
FULL_EFFECT_SESSIONS = 5  # the improvement is complete by the fifth session


def add_measures(episode, clinician) -> list[QuestionnaireResponse]:
    """Record the demo questionnaires for `episode`, unless it has some already."""
    if episode.responses.exists():
        return []
    sessions = list(episode.sessions.order_by("performed_at", "pk"))
    start = sessions[0].performed_at if sessions else _morning(episode.opened_on)
    moments = [(start, sessions[0].pain_before if sessions else 6, 0.0)]
    if len(sessions) > 1:
        effect = min(1.0, (len(sessions) - 1) / (FULL_EFFECT_SESSIONS - 1))
        moments.append((sessions[-1].performed_at, sessions[-1].pain_before, effect))
    region = region_specific(episode.body_area) or "psfs"
    recorded = []
    for at, pain, effect in moments:
        answered = at - timedelta(minutes=10)  # in the waiting room, before the session
        for instrument, answers in (("nprs", [pain]), (region, _answers(region, episode, effect))):
            recorded.append(
                QuestionnaireResponse.objects.record(
                    episode,
                    instrument,
                    answers,
                    entered_by=clinician,
                    answered_at=answered,
                    by_patient=True,
                    source=Source.PAPER,  # the demo clinic has no licensed wording loaded
                )  # fmt: skip
            )
    return recorded


def _answers(instrument: str, episode, effect: float):
    if instrument == "psfs":
        names = ACTIVITIES.get(episode.body_area, ACTIVITIES["widespread"])
        return {
            "items": [min(10, round(r + 5 * effect)) for r in PSFS_START],
            "activities": list(names),
        }
    low = LOWEST[instrument]
    return [
        None if v is None else low + round((v - low) * (1 - 0.65 * effect))
        for v in BASELINE[instrument]
    ]


def _morning(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))
