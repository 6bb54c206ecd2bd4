"""The outcomes export: one row per episode and questionnaire, baseline against latest.

Baseline is the episode's first response, latest its last, and the clinically important change
the clinic's rule (taut.measures.models.thresholds_for: the published defaults of
taut.scoring.mcid unless the clinic set its own), judged by taut.scoring.improvement as on the
progress page and the outcomes dashboard.
"""

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils import timezone

from taut.exports.batches import batched
from taut.exports.identities import Identified
from taut.measures import verdicts
from taut.measures.instruments import SPECS
from taut.measures.models import QuestionnaireResponse, thresholds_for
from taut.scoring import improvement
from taut.treatment.models import TreatmentSession


def header(who: Identified) -> list[str]:
    return [
        *who.patient_columns, *who.episode_columns, "body area", "instrument",
        f"baseline {who.when}", "baseline score", f"latest {who.when}", "latest score",
        "improvement", "days between", "important change reached", "important change rule",
        "sessions up to latest",
    ]  # fmt: skip


def chosen(episodes, start=None, end=None):
    """`episodes` (a clinic's) opened from `start` to `end`, either open, with their
    responses and sessions, oldest first."""
    if start:
        episodes = episodes.filter(opened_on__gte=start)
    if end:
        episodes = episodes.filter(opened_on__lte=end)
    return (
        episodes.filter(responses__isnull=False)
        .distinct()
        .select_related("patient")
        .prefetch_related(Prefetch("responses", QuestionnaireResponse.objects.counted().in_order()))
        .order_by("opened_on", "pk")
    )


def rows(clinic, episodes, who: Identified, size: int) -> Iterator[tuple[object, list]]:
    """(episode, row) for each episode and instrument it was measured with, the episodes read
    `size` at a time with their responses and session times."""
    thresholds = thresholds_for(clinic)
    for batch in batched(episodes.iterator(size), size):
        held = session_times([episode.pk for episode in batch])
        for episode in batch:
            by_instrument: dict[str, list] = {}
            for response in episode.responses.all():
                by_instrument.setdefault(response.instrument, []).append(response)
            for responses in by_instrument.values():
                yield episode, row(episode, responses, held[episode.pk], who, thresholds)


def session_times(episode_ids: list[int]) -> dict[int, list]:
    """Each episode's session times, in order, read as values in one query: what the count
    of sessions up to the latest response needs (as models, a year's episodes' sessions were
    most of the export; issue 18)."""
    held = defaultdict(list)
    for episode_id, performed_at in (
        TreatmentSession.objects.filter(episode__in=episode_ids)
        .order_by("performed_at", "pk")
        .values_list("episode_id", "performed_at")
    ):
        held[episode_id].append(performed_at)
    return held


def row(episode, responses, session_times: list, who: Identified, thresholds) -> list:
    spec = SPECS[responses[0].instrument]
    first, last = responses[0], responses[-1]
    measured_twice = len(responses) > 1
    reached, rule, change = "", "", None
    if spec.has_mcid:
        rule = verdicts.required(getattr(thresholds, spec.name))
        if measured_twice:
            result = improvement(spec.name, first.score, last.score, thresholds)
            change = rounded(result.difference)
            reached = "yes" if result.important else "no"
    return [
        *who.patient(episode.patient, episode),
        *who.episode(episode),
        episode.get_body_area_display(),
        spec.short,
        who.day(local_day(first), episode),
        rounded(first.score),
        who.day(local_day(last), episode) if measured_twice else "",
        rounded(last.score) if measured_twice else "",
        change,
        (local_day(last) - local_day(first)).days if measured_twice else "",
        reached,
        rule,
        bisect_right(session_times, last.answered_at),
    ]


def local_day(response):
    return timezone.localtime(response.answered_at).date()


def rounded(value: float) -> int | float:
    """Scores without float noise: 44 rather than 44.0, 6.33 rather than 6.333333."""
    value = round(value, 2)
    return int(value) if value == int(value) else value
