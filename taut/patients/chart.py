"""The patient's chart: every episode's timeline, the pain drawing then and now, and the
muscles needled, in a fixed number of queries whatever the history's length."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch

from taut.episodes.models import Episode, RedFlagDecision, RedFlagReview
from taut.exams.models import Assessment
from taut.intake.models import Intake
from taut.kb.atlas import load_atlas
from taut.kb.catalog import catalog
from taut.notes.models import ClinicalNote
from taut.treatment.models import TreatmentSession


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str  # intake | assessment | session | note
    obj: object


def episodes_for_chart(patient):
    """The patient's episodes with everything the chart shows, prefetched."""
    return Episode.objects.filter(patient=patient).prefetch_related(
        Prefetch("intakes", queryset=Intake.objects.order_by("recorded_at", "pk")),
        Prefetch(
            "red_flag_decisions",
            queryset=RedFlagDecision.objects.select_related("decided_by"),
        ),
        Prefetch(
            "assessments",
            queryset=Assessment.objects.prefetch_related("diagnoses", "palpations")
            .select_related("clinician")
            .order_by("performed_at"),
        ),
        Prefetch(
            "sessions",
            queryset=TreatmentSession.objects.select_related("clinician", "note")
            .prefetch_related("needlings", "adverse_events")
            .order_by("performed_at"),
        ),
    )


def red_flag_review(episode) -> RedFlagReview:
    """The episode's red flags and the decision on them, from what the chart prefetched."""
    intakes = list(episode.intakes.all())
    return RedFlagReview.of(intakes[-1] if intakes else None, episode.red_flag_decisions.all())


def timeline(episode) -> list[Event]:
    """The episode's intakes, assessments and sessions, oldest first."""
    events = [Event(i.recorded_at, "intake", i) for i in episode.intakes.all()]
    events += [Event(a.performed_at, "assessment", a) for a in episode.assessments.all()]
    events += [Event(s.performed_at, "session", s) for s in episode.sessions.all()]
    return sorted(events, key=lambda e: e.at)


def chart_notes(patient):
    """Chart notes not tied to a session (session notes show with their session)."""
    return (
        ClinicalNote.objects.filter(patient=patient, session__isnull=True)
        .select_related("author")
        .order_by("-written_at")
    )


def drawing_marks(drawing: list[dict]) -> dict[str, str]:
    """Region id -> pain class for a stored pain drawing."""
    return {item["id"]: f"pain-{int(item.get('intensity') or 5)}" for item in drawing}


def needled_marks(episodes) -> dict[str, str]:
    """Region id -> "needled" for the site of every trigger point needled in these episodes
    (a muscle needled without a named trigger point marks its first trigger point's site)."""
    kb = catalog()
    marks = {}
    for episode in episodes:
        for session in episode.sessions.all():
            for needling in session.needlings.all():
                muscle = kb.muscle(needling.muscle)
                tp = (
                    kb.trigger_point(needling.trigger_point)
                    if needling.trigger_point
                    else muscle.trigger_points[0]
                )
                side = needling.side if needling.side in ("left", "right") else "right"
                marks[load_atlas().sided(tp.site, side)] = "needled"
    return marks
