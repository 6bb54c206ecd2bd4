"""Episodes of care of a patient: list, read, open one. Clinical content: clinicians only."""

from datetime import date
from uuid import UUID

from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema, Status

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
from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.episodes.forms import EpisodeForm
from taut.episodes.models import BodyArea, Episode
from taut.patients.models import Patient

router = Router(tags=["episodes"])
EpisodeId = Path(..., ge=1, le=MAX_ID)


class EpisodeOut(Schema):
    id: int
    patient: UUID
    title: str
    body_area: BodyArea
    opened_on: date
    discharged_on: date | None
    is_open: bool

    @staticmethod
    def resolve_patient(episode) -> UUID:
        return episode.patient.uuid


class EpisodeIn(Body):
    title: Text = Field(min_length=1, max_length=200)
    body_area: BodyArea
    opened_on: date | None = Field(None, description="Defaults to today.")


def episode_for(request, uuid: UUID, episode: int, *, writable: bool = False) -> Episode:
    """The episode of the patient, through the access layer (the same door as the pages)."""
    access.require(request, Capability.WRITE_CLINICAL if writable else Capability.SEE_CLINICAL)
    episodes = Episode.objects.select_related("patient")
    if writable:
        episodes = episodes.filter(patient__archived_at__isnull=True)
    return access.get_for(request, episodes, patient__uuid=uuid, pk=episode)


@router.get("/{uuid}/episodes", response={200: Page[EpisodeOut], **LIST_ERRORS})
def episode_list(request, uuid: UUID, paging: Query[Paging]):
    access.require(request, Capability.SEE_CLINICAL)
    patient = access.get_for(request, Patient, uuid=uuid)
    episodes = access.scoped(request, Episode).filter(patient=patient).select_related("patient")
    log.record(request, Action.LIST, patient, detail={"episodes": True, "api": True})
    return page(episodes, paging)


@router.get("/{uuid}/episodes/{episode}", response={200: EpisodeOut, **ERRORS})
def episode_detail(request, uuid: UUID, episode: int = EpisodeId):
    return episode_for(request, uuid, episode)


@router.post("/{uuid}/episodes", response={201: EpisodeOut, **WRITE_ERRORS})
def episode_create(request, uuid: UUID, payload: EpisodeIn):
    access.require(request, Capability.WRITE_CLINICAL)
    patient = access.get_for(request, Patient.objects.active(), uuid=uuid)
    opened = payload.opened_on or timezone.localdate()
    data = {"title": payload.title, "body_area": payload.body_area, "opened_on": opened.isoformat()}
    form = EpisodeForm(data, patient=patient)
    if not form.is_valid():
        raise invalid(form)
    return Status(201, form.create(request))
