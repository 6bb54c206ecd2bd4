"""When dry needling may be recorded in an episode, and what the clinician must consider first.

Blockers (no consent in force, an absolute contraindication on the latest intake) refuse any
needling; warnings (a muscle over the lung, a relative contraindication) let it go ahead once
the clinician confirms having considered them.
"""

from taut.clinical import billing
from taut.exams.models import Assessment, Diagnosis
from taut.kb.catalog import catalog

NO_CONSENT = "No consent on file"


def needling_blockers(episode) -> list[str]:
    """Why needling cannot be recorded in `episode` now; empty when it can."""
    blockers = [] if episode.current_consent() is not None else [NO_CONSENT]
    intake = episode.latest_intake()
    if intake is not None:
        blockers += intake.absolute_labels
    return blockers


def needling_warnings(episode, muscles: list[str]) -> list[str]:
    """What to consider before needling `muscles` (knowledge base ids) in `episode`: each
    muscle with a pneumothorax risk, then each relative contraindication on file."""
    kb = catalog()
    warnings = []
    for muscle_id in dict.fromkeys(muscles):
        try:
            muscle = kb.muscle(muscle_id)
        except KeyError:
            continue  # an unknown id is the form's to refuse, not a warning
        if muscle.pneumothorax_risk:
            warnings.append(f"Pneumothorax risk: {muscle.name}")
    intake = episode.latest_intake()
    if intake is not None:
        warnings += intake.relative_labels
    return warnings


# --- billing -----------------------------------------------------------------------------------


def diagnoses_in_force(sessions) -> dict[int, list[str]]:
    """Each session's diagnosis codes, in code order: those of its episode's latest assessment
    performed at or before the session, the diagnosis the visit treated. A later assessment's
    codes do not reach back to earlier visits."""
    episode_ids = {s.episode_id for s in sessions}
    assessments: dict[int, list[tuple]] = {}
    for episode_id, performed_at, pk in (
        Assessment.objects.filter(episode__in=episode_ids)
        .order_by("performed_at", "pk")
        .values_list("episode_id", "performed_at", "pk")
    ):
        assessments.setdefault(episode_id, []).append((performed_at, pk))
    codes: dict[int, list[str]] = {}
    pairs = Diagnosis.objects.filter(assessment__episode__in=episode_ids)
    for assessment_id, code in pairs.values_list("assessment_id", "code"):
        codes.setdefault(assessment_id, []).append(code)
    in_force = {}
    for s in sessions:
        before = [pk for at, pk in assessments.get(s.episode_id, []) if at <= s.performed_at]
        in_force[s.pk] = sorted(codes.get(before[-1], [])) if before else []
    return in_force


def billing_lines(sessions) -> list[dict]:
    """One line per session for the billing office and the session export: the code
    suggested, the muscles counted and the diagnosis codes in force at the visit.
    `sessions` should prefetch needlings."""
    sessions = list(sessions)
    codes = diagnoses_in_force(sessions)
    return [
        {
            "session": s,
            "cpt_code": s.cpt_code() or "",
            "muscles": billing.muscles_counted(s.needled_muscles()),
            "diagnoses": codes[s.pk],
        }
        for s in sessions
    ]
