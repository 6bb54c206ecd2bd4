"""When dry needling may be recorded in an episode, and what the clinician must consider first.

Blockers (no consent in force, an absolute contraindication on the latest intake) refuse any
needling; warnings (a muscle over the lung, a relative contraindication) let it go ahead once
the clinician confirms having considered them.
"""

from taut.clinical import billing
from taut.exams.models import Assessment, Diagnosis
from taut.kb.catalog import catalog

NO_CONSENT = "No consent on file"


def latest_intake(episode):
    """The episode's most recent intake (its screening is the one in force), or None."""
    return episode.intakes.order_by("-recorded_at", "-pk").first()


def needling_blockers(episode) -> list[str]:
    """Why needling cannot be recorded in `episode` now; empty when it can."""
    blockers = [] if episode.current_consent() is not None else [NO_CONSENT]
    intake = latest_intake(episode)
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
    intake = latest_intake(episode)
    if intake is not None:
        warnings += intake.relative_labels
    return warnings


# --- billing -----------------------------------------------------------------------------------


def diagnosis_codes(episode) -> list[str]:
    """The ICD-10-CM codes of the episode's assessments, each once, in code order."""
    codes = Diagnosis.objects.filter(assessment__episode=episode).values_list("code", flat=True)
    return sorted(set(codes))


def all_assessment_codes(episode_ids) -> dict[int, list[str]]:
    """Each episode's diagnosis codes from all its assessments, each once, in code order."""
    codes: dict[int, set[str]] = {}
    pairs = Diagnosis.objects.filter(assessment__episode__in=episode_ids).values_list(
        "assessment__episode_id", "code"
    )
    for episode_id, code in pairs:
        codes.setdefault(episode_id, set()).add(code)
    return {episode_id: sorted(found) for episode_id, found in codes.items()}


def latest_assessment_codes(episode_ids) -> dict[int, list[str]]:
    """Each episode's diagnosis codes from its most recent assessment, in code order."""
    latest: dict[int, int] = {}
    assessments = Assessment.objects.filter(episode__in=episode_ids).order_by("performed_at", "pk")
    for episode_id, assessment_id in assessments.values_list("episode_id", "pk"):
        latest[episode_id] = assessment_id  # the last one written wins
    pairs = Diagnosis.objects.filter(assessment__in=latest.values()).values_list(
        "assessment__episode_id", "code"
    )
    codes: dict[int, list[str]] = {}
    for episode_id, code in pairs:
        codes.setdefault(episode_id, []).append(code)
    return {episode_id: sorted(found) for episode_id, found in codes.items()}


def billing_lines(sessions, diagnoses_of=all_assessment_codes) -> list[dict]:
    """One line per session for the billing office and the session export: the code
    suggested, the muscles counted and the episode's diagnosis codes (`diagnoses_of` maps
    episode ids to codes). `sessions` should prefetch needlings."""
    sessions = list(sessions)
    codes = diagnoses_of({s.episode_id for s in sessions})
    return [
        {
            "session": s,
            "cpt_code": s.cpt_code() or "",
            "muscles": billing.muscles_counted(s.needled_muscles()),
            "diagnoses": codes.get(s.episode_id, []),
        }
        for s in sessions
    ]
