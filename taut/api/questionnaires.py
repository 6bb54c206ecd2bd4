"""Outcome questionnaires of an episode. A new response is scored by taut.scoring through the
same call the page makes (`QuestionnaireResponse.objects.record`); a 422 names the bad item."""

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.db import transaction
from django.utils import timezone
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
    field_error,
    page,
)  # fmt: skip
from taut.api.episodes import EpisodeId, episode_for
from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.measures.forms import answered_at_problem
from taut.measures.models import Instrument, NoWording, QuestionnaireResponse
from taut.scoring import ScoringError

router = Router(tags=["questionnaires"])
PATH = "/{uuid}/episodes/{episode}/questionnaires"
Item = int | None


class PsfsAnswers(Schema):
    """PSFS: the activities the patient named, and each one's rating 0-10, in the same order."""

    model_config = ConfigDict(extra="forbid")

    activities: list[Text] = Field(min_length=1, max_length=5)
    items: list[Item] = Field(min_length=1, max_length=5)


class Acr2016Answers(Schema):
    """ACR 2016: the painful areas (see taut.scoring.acr2016.AREAS), symptom severity 0-3,
    the three symptoms present 0/1, and how many months the symptoms have lasted."""

    model_config = ConfigDict(extra="forbid")

    areas: list[Text] = Field(max_length=19)
    fatigue: Item
    waking_unrefreshed: Item
    cognitive: Item
    headaches: Item
    lower_abdominal: Item
    depression: Item
    duration_months: float | None = Field(ge=0, le=1200)


class ResponseIn(Body):
    instrument: Instrument
    answers: list[Item] | PsfsAnswers | Acr2016Answers = Field(
        description="NPRS, NDI, ODI, QuickDASH and FIQR: the item values in questionnaire "
        "order, null for an item left blank. PSFS and ACR 2016: an object (see their schemas)."
    )
    answered_at: datetime | None = Field(None, description="Defaults to now.")
    by_patient: bool = False
    source: Literal["paper", "screen"] = Field(
        "paper",
        description="paper: copied from a paper form; screen: answered on a screen showing the "
        "full wording, refused (422) while a licensed instrument's wording is not loaded.",
    )


class ResponseOut(Schema):
    id: int
    episode: int
    instrument: Instrument
    answers: list[Item] | dict[str, Any]
    score: float
    details: dict[str, Any]
    answered_at: datetime
    by_patient: bool
    source: str

    @staticmethod
    def resolve_episode(response) -> int:
        return response.episode_id


def stored_answers(payload: ResponseIn):
    """The answers in the shape the page stores; 422 when the shape is not the instrument's."""
    answers, instrument = payload.answers, payload.instrument
    if instrument == Instrument.PSFS:
        if not isinstance(answers, PsfsAnswers):
            raise field_error("answers", "PSFS answers are {activities: [...], items: [...]}.")
        if len(answers.activities) != len(answers.items):
            raise field_error(
                "answers", "Rate each named activity once: as many items as activities."
            )
        if any(not name.strip() or len(name) > 100 for name in answers.activities):
            raise field_error(
                ["answers", "activities"], "Name each activity (up to 100 characters)."
            )
        return {"items": answers.items, "activities": [n.strip() for n in answers.activities]}
    if instrument == Instrument.ACR2016:
        if not isinstance(answers, Acr2016Answers):
            raise field_error("answers", "ACR 2016 answers are an object with areas and symptoms.")
        return answers.dict()
    if not isinstance(answers, list):
        raise field_error("answers", f"{instrument.label} answers are a list of item values.")
    return answers


def scoring_error_at(instrument: str, error: ScoringError) -> list:
    """Where in the body the scoring library's complaint points."""
    if instrument == Instrument.ACR2016:
        return ["answers", error.field] if error.field else ["answers"]
    if instrument == Instrument.PSFS:
        return ["answers", "items", error.item - 1] if error.item else ["answers", "items"]
    return ["answers", error.item - 1] if error.item else ["answers"]


@router.get(PATH, response={200: Page[ResponseOut], **LIST_ERRORS})
def response_list(request, uuid: UUID, paging: Query[Paging], episode: int = EpisodeId):
    episode = episode_for(request, uuid, episode)
    responses = access.scoped(request, QuestionnaireResponse).filter(episode=episode)
    log.record(request, Action.LIST, episode, detail={"questionnaires": True, "api": True})
    return page(responses.order_by("-answered_at", "-pk"), paging)


@router.get(PATH + "/{pk}", response={200: ResponseOut, **ERRORS})
def response_detail(
    request, uuid: UUID, episode: int = EpisodeId, pk: int = Path(..., ge=1, le=MAX_ID)
):
    episode = episode_for(request, uuid, episode)
    return access.get_for(request, QuestionnaireResponse, episode=episode, pk=pk)


@router.post(PATH, response={201: ResponseOut, **WRITE_ERRORS})
def response_create(request, uuid: UUID, payload: ResponseIn, episode: int = EpisodeId):
    episode = episode_for(request, uuid, episode, writable=True)
    answered_at = payload.answered_at or timezone.now()
    if timezone.is_naive(answered_at):
        answered_at = timezone.make_aware(answered_at)
    if problem := answered_at_problem(answered_at, episode):
        raise field_error("answered_at", problem)
    answers = stored_answers(payload)
    try:
        with transaction.atomic():
            response = QuestionnaireResponse.objects.record(
                episode, payload.instrument, answers, entered_by=request.user,
                answered_at=answered_at, by_patient=payload.by_patient, source=payload.source,
            )  # fmt: skip
            log.record(request, Action.CREATE, response)
    except ScoringError as error:
        raise field_error(scoring_error_at(payload.instrument, error), str(error)) from None
    except NoWording as error:
        raise field_error("source", str(error)) from None
    return Status(201, response)
