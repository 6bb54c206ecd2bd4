"""Treatment sessions of an episode: needlings, adverse events and the CPT code of the day.
Read only: sessions are recorded on the session page, which checks consent and blockers."""

from datetime import datetime
from uuid import UUID

from ninja import Field, Path, Query, Router, Schema

from taut.api.common import ERRORS, LIST_ERRORS, MAX_ID, Page, Paging, page
from taut.api.episodes import EpisodeId, episode_for
from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.exams.models import Side
from taut.treatment.models import AdverseKind, Severity, Technique, TreatmentSession

router = Router(tags=["sessions"])
PATH = "/{uuid}/episodes/{episode}/sessions"


class NeedlingOut(Schema):
    muscle: str
    trigger_point: str
    side: Side
    technique: Technique
    needle_length_mm: float
    needle_gauge_mm: float
    insertions: int
    twitch_responses: int


class AdverseEventOut(Schema):
    kind: AdverseKind
    severity: Severity
    action_taken: str
    details: str


class SessionSummary(Schema):
    id: int
    episode: int
    performed_at: datetime
    pain_before: int
    pain_after: int | None

    @staticmethod
    def resolve_episode(session) -> int:
        return session.episode_id


class SessionOut(SessionSummary):
    soft_tissue: list[str]
    exercises: str
    comments: str
    needlings: list[NeedlingOut]
    adverse_events: list[AdverseEventOut]
    cpt_code: str | None = Field(
        description="20560 (1-2 muscles) or 20561 (3 or more) for the muscles needled; "
        "null when none was (AMA CPT 2020)."
    )

    @staticmethod
    def resolve_needlings(session):
        return list(session.needlings.all())

    @staticmethod
    def resolve_adverse_events(session):
        return list(session.adverse_events.all())

    @staticmethod
    def resolve_cpt_code(session) -> str | None:
        return session.cpt_code()


@router.get(PATH, response={200: Page[SessionSummary], **LIST_ERRORS})
def session_list(request, uuid: UUID, paging: Query[Paging], episode: int = EpisodeId):
    episode = episode_for(request, uuid, episode)
    found = (
        access.scoped(request, TreatmentSession)
        .filter(episode=episode)
        .order_by("-performed_at", "-pk")
    )
    log.record(request, Action.LIST, episode, detail={"sessions": True, "api": True})
    return page(found, paging)


@router.get(PATH + "/{pk}", response={200: SessionOut, **ERRORS})
def session_detail(
    request, uuid: UUID, episode: int = EpisodeId, pk: int = Path(..., ge=1, le=MAX_ID)
):
    episode = episode_for(request, uuid, episode)
    return access.get_for(request, TreatmentSession, episode=episode, pk=pk)
