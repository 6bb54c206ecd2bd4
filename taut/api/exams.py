"""Assessments of an episode: palpation findings (with their Delphi classification), range of
motion and ICD-10-CM diagnoses. Read only: findings are recorded on the assessment page."""

from datetime import datetime
from uuid import UUID

from ninja import Path, Query, Router, Schema

from taut.api.common import ERRORS, LIST_ERRORS, MAX_ID, Page, Paging, page
from taut.api.episodes import EpisodeId, episode_for
from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.exams.models import Assessment, Side
from taut.icd10 import search as icd10

router = Router(tags=["assessments"])
PATH = "/{uuid}/episodes/{episode}/assessments"


class PalpationOut(Schema):
    trigger_point: str
    side: Side
    taut_band: bool
    hypersensitive_spot: bool
    referred_pain: bool
    recognised_pain: bool
    local_twitch: bool
    classification: str

    @staticmethod
    def resolve_classification(finding) -> str:
        return str(finding.classification)


class RangeOfMotionOut(Schema):
    movement: str
    side: Side
    degrees: int
    normal_degrees: int | None
    normal_source: str
    painful: bool
    percent_of_normal: float | None


class DiagnosisOut(Schema):
    code: str
    label: str

    @staticmethod
    def resolve_label(diagnosis) -> str:
        return icd10.label(diagnosis.code)


class AssessmentSummary(Schema):
    id: int
    episode: int
    performed_at: datetime
    findings_note: str

    @staticmethod
    def resolve_episode(assessment) -> int:
        return assessment.episode_id


class AssessmentOut(AssessmentSummary):
    palpations: list[PalpationOut]
    rom: list[RangeOfMotionOut]
    diagnoses: list[DiagnosisOut]

    @staticmethod
    def resolve_palpations(assessment):
        return list(assessment.palpations.all())

    @staticmethod
    def resolve_rom(assessment):
        return list(assessment.rom.all())

    @staticmethod
    def resolve_diagnoses(assessment):
        return list(assessment.diagnoses.all())


@router.get(PATH, response={200: Page[AssessmentSummary], **LIST_ERRORS})
def assessment_list(request, uuid: UUID, paging: Query[Paging], episode: int = EpisodeId):
    episode = episode_for(request, uuid, episode)
    found = (
        access.scoped(request, Assessment).filter(episode=episode).order_by("-performed_at", "-pk")
    )
    log.record(request, Action.LIST, episode, detail={"assessments": True, "api": True})
    return page(found, paging)


@router.get(PATH + "/{pk}", response={200: AssessmentOut, **ERRORS})
def assessment_detail(
    request, uuid: UUID, episode: int = EpisodeId, pk: int = Path(..., ge=1, le=MAX_ID)
):
    episode = episode_for(request, uuid, episode)
    return access.get_for(request, Assessment, episode=episode, pk=pk)
