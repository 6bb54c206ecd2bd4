"""Editing and accepting a plan: the form's starting values (from a proposal or the current
plan) and `accept`, which writes the next version in one transaction."""

from django.db import IntegrityError, transaction

from taut.kb import exercises as library
from taut.kb.catalog import catalog
from taut.plans.models import PlanExercise, TreatmentPlan

DOSAGE = ("sets", "repetitions", "hold_seconds", "times_per_day")


class NeedlingBlocked(Exception):
    """Needling targets were kept while an absolute contraindication is on the latest intake."""

    def __init__(self, labels: list[str]) -> None:
        self.labels = labels
        super().__init__("; ".join(labels))


class PlanChanged(Exception):
    """Another version was accepted since this edit began."""

    def __init__(self, version: int) -> None:
        self.version = version
        super().__init__(f"version {version} was accepted meanwhile")


def current_plan(episode) -> TreatmentPlan | None:
    return episode.plans.order_by("-version").first()


def initial(proposal: dict, plan: TreatmentPlan | None) -> dict:
    """Starting values of the form: the current plan where there is one, else the proposal.
    Proposed targets and library exercises the plan left out are offered unticked."""
    p = {k: v["value"] for k, v in proposal.items() if isinstance(v, dict) and "value" in v}
    source = _plan_values(plan) if plan else p
    main = {
        "based_on": plan.version if plan else 0,
        **{k: source[k] for k in ("visits", "visits_per_week", "reassess_after_visits")},
        "soft_tissue": source["soft_tissue"],
        "prevention": source["prevention"],
        "needles_per_visit": _needles_per_visit(plan, p),
        "notes": plan.notes if plan else "",
    }
    targets = _merge(source["needling_targets"], p["needling_targets"], _target_key)
    blocked = bool(proposal.get("inputs", {}).get("absolute_contraindications"))
    target_rows = [  # with an absolute contraindication on file, every target starts unticked
        {"trigger_point": t["trigger_point"], "side": t["side"], "keep": keep and not blocked,
         "order": n}
        for n, (t, keep) in enumerate(targets, 1)
    ]  # fmt: skip
    goals = _merge(source["goals"], p["goals"], _goal_key)
    goal_rows = [
        {k: g.get(k, "") for k in ("measure", "kind", "side", "text", "target")} | {"keep": keep}
        for g, keep in goals
    ]
    return {
        "main": main,
        "targets": target_rows,
        "goals": goal_rows,
        "exercises": _exercise_rows(plan, p, [t for t, _ in targets]),
    }


def _needles_per_visit(plan, proposed: dict):
    """The plan's own number; the proposal's when the plan has none, or says 0 (no needling)."""
    if plan is None or plan.needles_per_visit is None or proposed["targets_per_visit"] == 0:
        return proposed["targets_per_visit"]
    return plan.needles_per_visit


def _plan_values(plan: TreatmentPlan) -> dict:
    return {
        "visits": plan.visits,
        "visits_per_week": plan.visits_per_week,
        "reassess_after_visits": plan.reassess_after_visits,
        "soft_tissue": plan.soft_tissue,
        "prevention": plan.prevention,
        "needling_targets": plan.needling_targets,
        "goals": plan.goals,
    }


def _target_key(t: dict) -> tuple:
    return (t["trigger_point"], t["side"])


def _goal_key(g: dict) -> tuple:
    return (g["measure"], g.get("side", ""))


def _merge(chosen: list[dict], proposed: list[dict], key) -> list[tuple[dict, bool]]:
    keys = {key(x) for x in chosen}
    return [(x, True) for x in chosen] + [(x, False) for x in proposed if key(x) not in keys]


def _exercise_rows(plan, proposed: dict, targets: list[dict]) -> list[dict]:
    """Every library exercise for the target muscles, ticked if prescribed; then the plan's own."""
    muscles = list(dict.fromkeys(t["muscle"] for t in targets if "muscle" in t))
    muscles += [m for m in (e["muscle"] for e in proposed["exercises"]) if m not in muscles]
    if plan:
        prescribed = {e.exercise: e for e in plan.exercises.all() if e.exercise}
        muscles += [e.muscle for e in prescribed.values() if e.muscle and e.muscle not in muscles]
    else:
        prescribed = {e["exercise"]: None for e in proposed["exercises"]}
    rows = []
    for x in library.for_muscles(muscles):
        chosen = prescribed.get(x.id)
        dosage = chosen if chosen is not None else x.dosage
        rows.append(
            {"exercise": x.id, "keep": x.id in prescribed} | {k: getattr(dosage, k) for k in DOSAGE}
        )
    if plan:
        for own in plan.exercises.filter(exercise=""):
            rows.append(
                {"exercise": "", "keep": True, "name": own.name, "how": own.how, "kind": own.kind}
                | {k: getattr(own, k) for k in DOSAGE}
            )
    return rows


def accept(episode, *, main: dict, targets: list[dict], goals: list[dict], exercises: list[dict],
           proposal: dict, assessment, by) -> TreatmentPlan:  # fmt: skip
    """Write version `main["based_on"] + 1`; PlanChanged if that is no longer the next one."""
    cat = catalog()
    kept_targets = sorted((t for t in targets if t["keep"]), key=lambda t: t["order"])
    needling = []
    for t in kept_targets:
        tp = cat.trigger_point(t["trigger_point"])
        why = next(
            (p.get("why", "") for p in proposal.get("needling_targets", {}).get("value", [])
             if _target_key(p) == _target_key(t)),
            "Added by the clinician.",
        )  # fmt: skip
        needling.append(
            {"trigger_point": tp.id, "muscle": tp.muscle_id, "side": t["side"], "why": why}
        )
    kept_goals = [
        {k: g[k] for k in ("measure", "kind", "side", "text", "target")}
        | {"why": _goal_why(g, proposal)}
        for g in goals
        if g["keep"]
    ]
    with transaction.atomic():
        newest = current_plan(episode)
        version = newest.version if newest else 0
        if version != main["based_on"]:
            raise PlanChanged(version)
        intake = episode.latest_intake()
        if needling and intake is not None and intake.absolute_labels:
            raise NeedlingBlocked(intake.absolute_labels)
        try:
            with transaction.atomic():
                plan = TreatmentPlan.objects.create(
                    clinic=episode.clinic, episode=episode, patient=episode.patient,
                    version=version + 1, assessment=assessment, visits=main["visits"],
                    visits_per_week=main["visits_per_week"],
                    reassess_after_visits=main["reassess_after_visits"],
                    needles_per_visit=main.get("needles_per_visit"), needling_targets=needling,
                    soft_tissue=list(main["soft_tissue"]),
                    goals=kept_goals, prevention=list(main["prevention"]), notes=main["notes"],
                    proposal=proposal, accepted_by=by,
                )  # fmt: skip
        except IntegrityError:
            raise PlanChanged(version + 1) from None
        PlanExercise.objects.bulk_create(
            _exercise(plan, n, row) for n, row in enumerate(r for r in exercises if r["keep"])
        )
    return plan


def _goal_why(goal: dict, proposal: dict) -> str:
    for p in proposal.get("goals", {}).get("value", []):
        if _goal_key(p) == _goal_key(goal):
            return p.get("why", "")
    return "Set by the clinician."


def _exercise(plan, position: int, row: dict) -> PlanExercise:
    dosage = {k: row.get(k) for k in DOSAGE}
    x = row.get("library")
    if x is not None:
        return PlanExercise(
            plan=plan, position=position, exercise=x.id, kind=x.kind, muscle=x.muscle_id,
            name=x.name, how=x.how, **dosage,
        )  # fmt: skip
    return PlanExercise(
        plan=plan, position=position, kind=row["kind"], name=row["name"], how=row["how"], **dosage
    )
