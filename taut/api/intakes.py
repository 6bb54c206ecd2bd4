"""Intakes of an episode, with the pain drawing; a new one is checked by the intake form, so the
drawing is held to the body map's regions exactly as on the page."""

from datetime import date, datetime
from uuid import UUID

from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import ConfigDict

from taut.api.common import (
    ERRORS,
    LIST_ERRORS,
    MAX_ID,
    WRITE_ERRORS,
    Body,
    Page,
    Paging,
    Text,
    invalid,
    page,
)
from taut.api.episodes import EpisodeId, episode_for
from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.intake.forms import IntakeForm
from taut.intake.models import Intake, Onset

router = Router(tags=["intakes"])
PATH = "/{uuid}/episodes/{episode}/intakes"


class Mark(Schema):
    """One region of the pain drawing: an atlas region id (see /kb/regions), 1-10, a quality."""

    model_config = ConfigDict(extra="forbid")

    id: Text = Field(max_length=80, examples=["upper_trapezius_r"])
    intensity: int | None = Field(None, description="1 (faint) to 10 (worst).")
    quality: Text | None = Field(None, max_length=20, description="aching, burning, ...")


class IntakeOut(Schema):
    id: int
    episode: int
    recorded_at: datetime
    by_patient: bool
    drawing: list[Mark]
    pain_now: int
    pain_best: int
    pain_worst: int
    onset: Onset
    onset_date: date | None
    causes: list[str]
    other_cause: str
    goals: str
    red_flags: list[str]
    absolute_contraindications: list[str]
    relative_contraindications: list[str]
    site_contraindications: list[str] = Field(
        description='Contraindications at a site, as "key:site", e.g. "lymphoedema:arm_l".'
    )

    @staticmethod
    def resolve_episode(intake) -> int:
        return intake.episode_id


class IntakeIn(Body):
    drawing: list[Mark] = Field(default_factory=list, max_length=500)
    pain_now: int = Field(ge=0, le=10)
    pain_best: int = Field(ge=0, le=10)
    pain_worst: int = Field(ge=0, le=10)
    onset: Onset = Onset.UNKNOWN
    onset_date: date | None = None
    causes: list[Text] = Field(default_factory=list, max_length=100)
    other_cause: Text = Field("", max_length=200)
    goals: Text = Field("", max_length=5000)
    red_flags: list[Text] = Field(default_factory=list, max_length=100)
    absolute_contraindications: list[Text] = Field(default_factory=list, max_length=100)
    relative_contraindications: list[Text] = Field(default_factory=list, max_length=100)
    site_contraindications: list[Text] = Field(
        default_factory=list,
        max_length=100,
        description='"key:site" pairs: keys local_infection, lymphoedema, tumour_irradiated, '
        "recent_surgery; sites head_neck, arm, upper_trunk, abdomen, low_back_pelvis or leg, "
        'with _l or _r, e.g. "lymphoedema:arm_l".',
    )


def form_data(payload: IntakeIn) -> dict:
    data = payload.dict()
    data["drawing"] = [m.dict(exclude_none=True) for m in payload.drawing]
    data["onset_date"] = payload.onset_date.isoformat() if payload.onset_date else ""
    return data


@router.get(PATH, response={200: Page[IntakeOut], **LIST_ERRORS})
def intake_list(request, uuid: UUID, paging: Query[Paging], episode: int = EpisodeId):
    episode = episode_for(request, uuid, episode)
    intakes = access.scoped(request, Intake).filter(episode=episode).order_by("-recorded_at", "-pk")
    log.record(request, Action.LIST, episode, detail={"intakes": True, "api": True})
    return page(intakes, paging)


@router.get(PATH + "/{pk}", response={200: IntakeOut, **ERRORS})
def intake_detail(
    request, uuid: UUID, episode: int = EpisodeId, pk: int = Path(..., ge=1, le=MAX_ID)
):
    episode = episode_for(request, uuid, episode)
    return access.get_for(request, Intake, episode=episode, pk=pk)


@router.post(PATH, response={201: IntakeOut, **WRITE_ERRORS})
def intake_create(request, uuid: UUID, payload: IntakeIn, episode: int = EpisodeId):
    episode = episode_for(request, uuid, episode, writable=True)
    form = IntakeForm(form_data(payload), patient=episode.patient)
    if not form.is_valid():
        raise invalid(form)
    return Status(201, form.create(request, episode))
