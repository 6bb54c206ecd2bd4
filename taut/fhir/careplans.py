"""Treatment plan versions → FHIR CarePlan. A newer version `replaces` the one before it."""

from taut.fhir.base import instant, meta, person, ref
from taut.fhir.codes import PROCEDURE, PROCEDURE_CODES, concept
from taut.fhir.strings import text


def _dosage(exercise) -> str:
    parts = [
        f"{exercise.sets} sets" if exercise.sets else "",
        f"{exercise.repetitions} repetitions" if exercise.repetitions else "",
        f"hold {exercise.hold_seconds} s" if exercise.hold_seconds else "",
        f"{exercise.times_per_day} times a day" if exercise.times_per_day else "",
    ]
    return ", ".join(p for p in parts if p)


def _target(target: dict) -> str:
    where = text(target.get("trigger_point")) or text(target.get("muscle")) or "site not given"
    return f"Dry needling: {where} ({text(target.get('side')) or 'side not given'})"


def careplan_resource(plan, patient_uuid: str, *, current: bool, episode_open: bool,
                      exercises=()) -> dict:  # fmt: skip
    """One plan version; the current one is active while its episode is open."""
    # An older version was replaced by a newer one before it was completed: revoked.
    status = ("active" if episode_open else "completed") if current else "revoked"
    activities = [
        {"detail": {"kind": "ServiceRequest",
                    "code": concept(PROCEDURE, "dry-needling", PROCEDURE_CODES["dry-needling"]),
                    "status": "not-started" if status == "active" else "stopped",
                    "description": _target(t)}}
        for t in plan.needling_targets
    ]  # fmt: skip
    activities += [
        {"detail": {"status": "in-progress" if status == "active" else "stopped",
                    "description": ": ".join(p for p in (text(e.name), _dosage(e)) if p)
                                   or "Exercise"}}
        for e in exercises
    ]  # fmt: skip
    description = (f"{plan.visits} visits, {plan.visits_per_week} a week; reassess after "
                   f"{plan.reassess_after_visits} visits.")  # fmt: skip
    out = {
        "resourceType": "CarePlan",
        "id": f"plan-{plan.pk}",
        "meta": meta(plan.accepted_at),
        "status": status,
        "intent": "plan",
        "title": f"Treatment plan, version {plan.version}",
        "description": description,
        "subject": ref("Patient", patient_uuid),
        "period": {"start": instant(plan.accepted_at)},
        "created": instant(plan.accepted_at),
        "author": person(plan.accepted_by),
    }
    if plan.version > 1 and getattr(plan, "previous_id", None):
        out["replaces"] = [ref("CarePlan", f"plan-{plan.previous_id}")]
    if activities:
        out["activity"] = activities
    goals = [goal for g in plan.goals if (goal := text(g.get("text")))]
    notes = [*(f"Goal: {g}" for g in goals), *([notes] if (notes := text(plan.notes)) else [])]
    if notes:
        out["note"] = [{"text": n} for n in notes]
    return out
