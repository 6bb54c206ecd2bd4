"""Treatment plans of an episode (read only): the current plan and every accepted version."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import Http404
from ninja import Path, Query, Router, Schema

from taut.api.common import ERRORS, LIST_ERRORS, Page, Paging, page
from taut.api.episodes import EpisodeId, episode_for
from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.plans.models import TreatmentPlan

router = Router(tags=["plans"])
PATH = "/{uuid}/episodes/{episode}"


class PlanExerciseOut(Schema):
    position: int
    exercise: str
    kind: str
    muscle: str
    name: str
    how: str
    sets: int | None
    repetitions: int | None
    hold_seconds: int | None
    times_per_day: int | None
    notes: str


class PlanOut(Schema):
    episode: int
    version: int
    assessment: int | None
    visits: int
    visits_per_week: int
    reassess_after_visits: int
    needling_targets: list[dict[str, Any]]
    soft_tissue: list[str]
    goals: list[dict[str, Any]]
    prevention: list[str]
    notes: str
    accepted_at: datetime
    exercises: list[PlanExerciseOut]

    @staticmethod
    def resolve_episode(plan) -> int:
        return plan.episode_id

    @staticmethod
    def resolve_assessment(plan) -> int | None:
        return plan.assessment_id

    @staticmethod
    def resolve_exercises(plan):
        return list(plan.exercises.all())


def plans_of(request, episode):
    return access.scoped(request, TreatmentPlan).filter(episode=episode)


@router.get(PATH + "/plan", response={200: PlanOut, **ERRORS})
def current_plan(request, uuid: UUID, episode: int = EpisodeId):
    """The episode's plan in force: its highest version. 404 when none was accepted yet."""
    episode = episode_for(request, uuid, episode)
    plan = plans_of(request, episode).current().first()
    if plan is None:
        raise Http404("This episode has no plan yet.")
    log.record(request, Action.VIEW, plan)
    return plan


@router.get(PATH + "/plans", response={200: Page[PlanOut], **LIST_ERRORS})
def plan_versions(request, uuid: UUID, paging: Query[Paging], episode: int = EpisodeId):
    episode = episode_for(request, uuid, episode)
    log.record(request, Action.LIST, episode, detail={"plans": True, "api": True})
    return page(plans_of(request, episode).order_by("-version"), paging)


@router.get(PATH + "/plans/{version}", response={200: PlanOut, **ERRORS})
def plan_version(
    request, uuid: UUID, episode: int = EpisodeId, version: int = Path(..., ge=1, le=2**31 - 1)
):
    episode = episode_for(request, uuid, episode)
    return access.get_for(request, TreatmentPlan, episode=episode, version=version)
