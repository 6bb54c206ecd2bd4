"""The knowledge base, read only: muscles, trigger points, body regions and exercises. No
patient data; any staff role may read it, as the reference pages."""

from django.http import Http404
from ninja import Field, Query, Router, Schema

from taut.api.common import ERRORS, LIST_ERRORS, Page, Paging, Text, page
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.kb.atlas import load_atlas
from taut.kb.catalog import catalog
from taut.kb.exercises import citation_text, exercises, library

router = Router(tags=["knowledge base"])


class Dosage(Schema):
    sets: int | None
    repetitions: int | None
    hold_seconds: int | None
    times_per_day: int | None


class TriggerPointSummary(Schema):
    id: str
    name: str
    muscle: str

    @staticmethod
    def resolve_muscle(tp) -> str:
        return tp.muscle_id


class TriggerPointOut(TriggerPointSummary):
    location: str
    site: str = Field(description="The base region over which it is palpated.")
    essential: list[str] = Field(description="Base regions of the essential referral zone.")
    spillover: list[str]
    prevalence: str
    symptoms: list[str]
    movements: list[str]
    perpetuating_factors: list[str]
    citations: list[str]

    @staticmethod
    def resolve_essential(tp) -> list[str]:
        return [str(z) for z in tp.essential]

    @staticmethod
    def resolve_spillover(tp) -> list[str]:
        return [str(z) for z in tp.spillover]

    @staticmethod
    def resolve_movements(tp) -> list[str]:
        return [m.id for m in tp.movements]

    @staticmethod
    def resolve_perpetuating_factors(tp) -> list[str]:
        return [c.id for c in tp.perpetuating_factors]

    @staticmethod
    def resolve_citations(tp) -> list[str]:
        return [citation_text(c) for c in tp.citations]


class MuscleSummary(Schema):
    id: str
    name: str
    group: str
    part_of: str | None


class NeedlingGuidance(Schema):
    position: str
    approach: str
    needle_length_mm: tuple[float, float] | None
    needle_gauge_mm: tuple[float, float] | None
    depth: str | None
    pneumothorax_risk: bool
    structures_at_risk: list[str]
    citation: str

    @staticmethod
    def resolve_structures_at_risk(needling) -> list[str]:
        return [f"{s.structure}: {s.note}" for s in needling.structures_at_risk]

    @staticmethod
    def resolve_citation(needling) -> str:
        return citation_text(needling.citation)


class MuscleOut(MuscleSummary):
    aliases: list[str]
    actions: list[str]
    trigger_points: list[TriggerPointSummary]
    needling: NeedlingGuidance
    exercises: list[str] = Field(description="Exercise ids (see /kb/exercises/{id}).")

    @staticmethod
    def resolve_exercises(muscle) -> list[str]:
        return [e.id for e in library().of_muscle(muscle.id)]


class RegionOut(Schema):
    id: str
    base: str
    label: str
    view: str
    side: str


class RegionDetail(RegionOut):
    essential: list[TriggerPointSummary] = Field(description="Trigger points referring here.")
    spillover: list[TriggerPointSummary]


class ExerciseOut(Schema):
    id: str
    muscle: str
    kind: str
    name: str
    how: str
    dosage: Dosage
    dosage_label: str
    dosage_source: str
    frequency: str
    citation: str

    @staticmethod
    def resolve_muscle(exercise) -> str:
        return exercise.muscle_id

    @staticmethod
    def resolve_citation(exercise) -> str:
        return citation_text(exercise.citation)


class Search(Paging):
    q: Text = Field("", max_length=100, description="Words of a muscle's name or alias.")


def reference(request) -> None:
    access.require(request, Capability.USE_REFERENCE)


def found(lookup, key: str):
    try:
        return lookup(key)
    except KeyError:
        raise Http404("No such entry in the knowledge base.") from None


@router.get("/kb/muscles", response={200: Page[MuscleSummary], **LIST_ERRORS})
def muscle_list(request, search: Query[Search]):
    reference(request)
    kb = catalog()
    query = search.q.strip()
    return page(kb.search(query) if query else list(kb.muscles), search)


@router.get("/kb/muscles/{muscle_id}", response={200: MuscleOut, **ERRORS})
def muscle_detail(request, muscle_id: str):
    reference(request)
    return found(catalog().muscle, muscle_id)


@router.get("/kb/trigger-points/{tp_id}", response={200: TriggerPointOut, **ERRORS})
def trigger_point_detail(request, tp_id: str):
    reference(request)
    return found(catalog().trigger_point, tp_id)


@router.get("/kb/regions", response={200: Page[RegionOut], **LIST_ERRORS})
def region_list(request, paging: Query[Paging]):
    """The body map's regions: the ids a pain drawing uses."""
    reference(request)
    return page(list(load_atlas()), paging)


@router.get("/kb/regions/{region_id}", response={200: RegionDetail, **ERRORS})
def region_detail(request, region_id: str):
    reference(request)
    region = found(load_atlas().get, region_id)
    referring = catalog().referring_to(region.base)
    return {
        "id": region.id, "base": region.base, "label": region.label, "view": region.view,
        "side": region.side,
        "essential": [tp for tp, kind in referring if kind == "essential"],
        "spillover": [tp for tp, kind in referring if kind == "spillover"],
    }  # fmt: skip


@router.get("/kb/exercises", response={200: Page[ExerciseOut], **LIST_ERRORS})
def exercise_list(request, paging: Query[Paging]):
    reference(request)
    return page(list(exercises()), paging)


@router.get("/kb/exercises/{exercise_id}", response={200: ExerciseOut, **ERRORS})
def exercise_detail(request, exercise_id: str):
    reference(request)
    return found(library().get, exercise_id)
