"""Each episode's outcome on each measure, stored for the outcomes dashboard (EpisodeOutcome):
the series' baseline (first value) and latest (last), whether the change meets the clinic's
rule (taut.scoring.mcid.improvement, as on the progress page) and when a value first did, and
how many sessions the episode had held by then.

`refresh(episode_id)` recomputes one episode's rows, and recounts the months they are counted
in (taut.measures.outcome_months). Every save and delete of a session, a questionnaire response
or an episode calls it, in the same transaction (taut.measures.outcome_sources).
`rebuild(clinic)` recomputes a clinic's rows and months: when it changes its thresholds
(OutcomeThreshold), and after writes that bypass the models (`taut rebuild_outcomes`,
bench/scale.py's seed).
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from itertools import groupby

from django.db import transaction

from taut.episodes.models import Episode
from taut.measures import outcome_months
from taut.measures.instruments import SPECS
from taut.measures.models import EpisodeOutcome, Instrument, QuestionnaireResponse, thresholds_for
from taut.scoring import Thresholds, improvement
from taut.treatment.models import TreatmentSession

SESSION_PAIN = "session-pain"  # pain before treatment, judged by the NPRS rule
# Episodes read at a time by rebuild(): memory stays flat however large the clinic (an
# engineering choice: a few thousand rows a query).
CHUNK = 2000


def measured_instruments() -> list[str]:
    """The questionnaires with a defined important change, in the usual order."""
    return [name for name in Instrument.values if SPECS[name].has_mcid]


def refresh(episode_id: int, opened: tuple[int, date] | None = None) -> None:
    """Recompute the episode's rows from its sessions and questionnaires (none if it is gone),
    and recount the month it is opened in and `opened`'s, its clinic and opening date before
    this write when it may have moved or gone. The episode's row is locked first, so two
    records of one episode saved at once are recomputed one after the other, the second with
    the first's record (a lock that still lets others add rows that point to the episode)."""
    with transaction.atomic():
        now = list(
            Episode.objects.select_for_update(no_key=True)
            .filter(pk=episode_id)
            .values_list("clinic_id", "opened_on")
        )
        EpisodeOutcome.objects.filter(episode_id=episode_id).delete()
        EpisodeOutcome.objects.bulk_create(computed(Episode.objects.filter(pk=episode_id)))
        if opened is not None:
            now.append(opened)
        if now:  # an episode stays in its clinic: one clinic's months
            outcome_months.refresh(now[0][0], *(day for _, day in now))


def rebuild(clinic) -> int:
    """Recompute every row and month of `clinic` (a clinic or its id), with its thresholds as
    they are now; the row count."""
    with transaction.atomic():
        made = rebuild_rows(clinic)
        outcome_months.rebuild(clinic)
    return made


def rebuild_rows(clinic) -> int:
    """Recompute every row of `clinic`, but not its months; the row count. rebuild() does both
    (the migration that added the rows ran before the months' table existed)."""
    thresholds = thresholds_for(clinic)
    made = 0
    with transaction.atomic():
        # The clinic's episodes are held first, as refresh() holds one: a record saved during
        # the rebuild waits for it, then recomputes its episode from what the rebuild wrote.
        ids = list(
            Episode.objects.select_for_update(no_key=True)
            .filter(clinic=clinic)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        EpisodeOutcome.objects.filter(clinic=clinic).delete()
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            episodes = Episode.objects.filter(clinic=clinic, pk__gte=chunk[0], pk__lte=chunk[-1])
            rows = computed(episodes, thresholds)
            EpisodeOutcome.objects.bulk_create(rows, batch_size=CHUNK)
            made += len(rows)
    return made


def computed(episodes, thresholds: Thresholds | None = None) -> list[EpisodeOutcome]:
    """The rows of `episodes` (one clinic's, consecutive by id), unsaved, from their records;
    `thresholds` the clinic's (read when not given)."""
    heads = list(episodes.order_by("pk").values_list("pk", "clinic_id", "opened_on", "body_area"))
    if not heads:
        return []
    clinic_id = heads[0][1]
    within = {"clinic_id": clinic_id, "episode_id__gte": heads[0][0],
              "episode_id__lte": heads[-1][0]}  # fmt: skip
    sessions = by_episode(
        TreatmentSession.objects.filter(**within)
        .order_by("episode_id", "performed_at", "pk")
        .values_list("episode_id", "performed_at", "pain_before")
    )
    responses = by_episode(
        QuestionnaireResponse.objects.counted()
        .filter(**within, instrument__in=measured_instruments())
        .order_by("episode_id", "instrument", "answered_at", "pk")
        .values_list("episode_id", "instrument", "answered_at", "score")
    )
    rows = []
    for pk, _, opened_on, body_area in heads:
        times = [at for at, _ in sessions.get(pk, [])]
        series = {SESSION_PAIN: sessions.get(pk, [])}
        for instrument, points in groupby(responses.get(pk, []), key=lambda r: r[0]):
            series[instrument] = [(at, score) for _, at, score in points]
        for measure, points in series.items():
            if len(points) < 2:
                continue
            if thresholds is None:
                thresholds = thresholds_for(clinic_id)
            row = judged(measure, points, times, thresholds)
            row.clinic_id, row.episode_id = clinic_id, pk
            row.opened_on, row.body_area = opened_on, body_area
            rows.append(row)
    return rows


def by_episode(rows) -> dict[int, list[tuple]]:
    """episode id -> the rest of each row, in the query's order."""
    return {pk: [row[1:] for row in group] for pk, group in groupby(rows, key=lambda r: r[0])}


def judged(measure: str, points: list[tuple], times: list, thresholds: Thresholds):
    """The outcome of one series of (time, value), oldest first, two or more; `times` the
    episode's session times, in order."""
    rule = "nprs" if measure == SESSION_PAIN else measure
    baseline, latest = points[0][1], points[-1][1]

    def meets(value) -> bool:
        return improvement(rule, baseline, value, thresholds).important

    first_met = next((at for at, value in points[1:] if meets(value)), None)
    return EpisodeOutcome(
        measure=measure, measurements=len(points), baseline=baseline, latest=latest,
        responded=meets(latest), first_met_at=first_met,
        sessions_to_first_met=None if first_met is None else bisect_right(times, first_met),
    )  # fmt: skip
