"""What the portal's home page shows a patient: per clinic record, their episodes with the home
program, progress in plain words and questionnaires to fill in, and their next appointments."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from taut.episodes.models import Episode
from taut.measures import instruments, wordings
from taut.measures.instruments import SPECS, Spec
from taut.measures.models import QuestionnaireResponse, thresholds_for
from taut.plans.models import TreatmentPlan
from taut.portal import progress
from taut.portal.progress import Story
from taut.scheduling.models import Appointment, Status

# Questionnaires a patient fills in on the portal; the ACR 2016 criteria are worked through
# with the clinician (body areas and symptom severity), so they stay on the staff side.
PORTAL_INSTRUMENTS = ("nprs", "psfs", "ndi", "odi", "quickdash", "fiqr")


@dataclass
class EpisodeOverview:
    episode: Episode
    plan: TreatmentPlan | None
    stories: list[Story]
    chart_svg: str
    questionnaires: list[Spec]
    has_intake: bool


@dataclass
class RecordOverview:
    patient: object
    episodes: list[EpisodeOverview] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)

    @property
    def open_episodes(self) -> list[EpisodeOverview]:
        return [e for e in self.episodes if e.episode.is_open]


def questionnaires_for(episode: Episode, loaded: set[str] | None = None) -> list[Spec]:
    """The episode's questionnaires a patient may fill in: those whose full wording the
    clinic has (`loaded`, from wordings.loaded); a licensed one without it is never sent."""
    if loaded is None:
        loaded = wordings.loaded(episode.clinic)
    return [
        SPECS[n]
        for n in instruments.suggested(episode.body_area)
        if n in PORTAL_INSTRUMENTS and n in loaded
    ]


def shown_episodes(patient) -> list[Episode]:
    """The open episodes, or the latest one when none is open."""
    episodes = list(
        patient.episodes.prefetch_related(
            "intakes", "sessions",
            Prefetch("responses", queryset=QuestionnaireResponse.objects.in_order()),
        )
    )  # fmt: skip
    open_ones = [e for e in episodes if e.is_open]
    return open_ones or episodes[:1]


def current_plans(episodes: list[Episode]) -> dict[int, TreatmentPlan]:
    plans = TreatmentPlan.objects.current().filter(episode__in=episodes)
    return {plan.episode_id: plan for plan in plans}


def upcoming(patient, now=None) -> list[Appointment]:
    """Booked appointments still to come, soonest first."""
    return list(
        Appointment.objects.filter(
            patient=patient, status=Status.BOOKED, starts_at__gte=now or timezone.now()
        )
        .select_related("type", "clinician")
        .order_by("starts_at")
    )


def episode_overview(episode: Episode, plan, thresholds, loaded) -> EpisodeOverview:
    responses = [r for r in episode.responses.all() if r.is_counted]
    points = progress.pain_points(episode, responses)
    stories = [progress.pain_story(points, thresholds)]
    stories += progress.questionnaire_stories(responses, thresholds)
    chart = progress.pain_chart(points, slug=f"my-pain-{episode.pk}")
    return EpisodeOverview(
        episode, plan, [s for s in stories if s], progress.svg(chart),
        questionnaires_for(episode, loaded), bool(episode.intakes.all()),
    )  # fmt: skip


def overview(records) -> list[RecordOverview]:
    result = []
    for patient in records:
        episodes = shown_episodes(patient)
        plans = current_plans(episodes)
        thresholds = thresholds_for(patient.clinic)
        loaded = wordings.loaded(patient.clinic)
        result.append(
            RecordOverview(
                patient,
                [episode_overview(e, plans.get(e.pk), thresholds, loaded) for e in episodes],
                upcoming(patient),
            )
        )
    return result
