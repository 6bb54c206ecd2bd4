"""Treatment plan versions → FHIR CarePlan. A newer version `replaces` the one before it."""

from taut.fhir.base import instant, meta, ref
from taut.fhir.codes import PROCEDURE, PROCEDURE_CODES, concept
from taut.fhir.strings import text

FIELDS = ("id", "episode_id", "patient_id", "version", "visits", "visits_per_week",
          "reassess_after_visits", "needling_targets", "goals", "notes", "accepted_at",
          "accepted_by_id")  # fmt: skip
EXERCISE_FIELDS = ("plan_id", "name", "sets", "repetitions", "hold_seconds", "times_per_day")
DRY_NEEDLING = concept(PROCEDURE, "dry-needling", PROCEDURE_CODES["dry-needling"])


def _dosage(exercise: dict) -> str:
    parts = [
        f"{exercise['sets']} sets" if exercise["sets"] else "",
        f"{exercise['repetitions']} repetitions" if exercise["repetitions"] else "",
        f"hold {exercise['hold_seconds']} s" if exercise["hold_seconds"] else "",
        f"{exercise['times_per_day']} times a day" if exercise["times_per_day"] else "",
    ]
    return ", ".join(p for p in parts if p)


def _target(target: dict) -> str:
    where = text(target.get("trigger_point")) or text(target.get("muscle")) or "site not given"
    return f"Dry needling: {where} ({text(target.get('side')) or 'side not given'})"


def careplan_resource(row: dict, patient_uuid: str, author: dict, *, current: bool,
                      episode_open: bool, previous_id: int | None = None,
                      exercises=()) -> dict:  # fmt: skip
    """One plan version (a row of FIELDS, its EXERCISE_FIELDS rows as `exercises`); the
    current one is active while its episode is open; `previous_id` the version it replaced."""
    # An older version was replaced by a newer one before it was completed: revoked.
    status = ("active" if episode_open else "completed") if current else "revoked"
    activities = [
        {"detail": {"kind": "ServiceRequest",
                    "code": DRY_NEEDLING,
                    "status": "not-started" if status == "active" else "stopped",
                    "description": _target(t)}}
        for t in row["needling_targets"]
    ]  # fmt: skip
    activities += [
        {"detail": {"status": "in-progress" if status == "active" else "stopped",
                    "description": ": ".join(p for p in (text(e["name"]), _dosage(e)) if p)
                                   or "Exercise"}}
        for e in exercises
    ]  # fmt: skip
    description = (f"{row['visits']} visits, {row['visits_per_week']} a week; reassess after "
                   f"{row['reassess_after_visits']} visits.")  # fmt: skip
    out = {
        "resourceType": "CarePlan",
        "id": f"plan-{row['id']}",
        "meta": meta(row["accepted_at"]),
        "status": status,
        "intent": "plan",
        "title": f"Treatment plan, version {row['version']}",
        "description": description,
        "subject": ref("Patient", patient_uuid),
        "period": {"start": instant(row["accepted_at"])},
        "created": instant(row["accepted_at"]),
        "author": author,
    }
    if row["version"] > 1 and previous_id:
        out["replaces"] = [ref("CarePlan", f"plan-{previous_id}")]
    if activities:
        out["activity"] = activities
    goals = [goal for g in row["goals"] if (goal := text(g.get("text")))]
    notes = [*(f"Goal: {g}" for g in goals), *([notes] if (notes := text(row["notes"])) else [])]
    if notes:
        out["note"] = [{"text": n} for n in notes]
    return out
