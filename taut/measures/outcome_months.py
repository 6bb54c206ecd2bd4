"""Each clinic's episodes counted by the month they were opened in (OutcomeMonth), with their
stored outcomes (EpisodeOutcome) counted as the outcomes dashboard groups them: the whole months
of the dashboard's range are read from here, the days at either edge from the outcomes.

`refresh(clinic_id, *days)` recounts the months of `days`. Recomputing an episode's outcomes
(taut.measures.episode_outcomes.refresh) recounts the month it is opened in and the one it was
opened in before the write (its opening date edited, or the episode deleted). `rebuild(clinic)`
recounts a clinic; rebuilding its outcomes does."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import TruncMonth

from taut.episodes.models import Episode
from taut.measures.models import EpisodeOutcome, OutcomeMonth
from taut.measures.row_locks import locked_row

# What the dashboard counts an episode's outcomes by, in the order a month's row holds them.
GROUPED = ("measure", "body_area", "responded", "sessions_to_first_met")


def month_of(day: date) -> date:
    return day.replace(day=1)


def after(month: date) -> date:
    """The first day of the month after `month`."""
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def split(start: date, end: date) -> tuple[tuple[date, date] | None, list[tuple[date, date]]]:
    """The whole months from `start` to `end` (inclusive), as (the first, the month after the
    last) or None if there is none, and the days outside them as (first, last) ranges."""
    first = start if start.day == 1 else after(month_of(start))
    following = end + timedelta(days=1)
    stop = following if following.day == 1 else month_of(end)
    if first >= stop:
        return None, [(start, end)]
    edges = [(start, first - timedelta(days=1))] if start < first else []
    if stop <= end:
        edges.append((stop, end))
    return (first, stop), edges


def refresh(clinic_id: int, *days: date) -> None:
    """Recount the clinic's months of `days` from their episodes and outcomes, one writer at a
    time: a month's row is locked before it is counted, so that of two episodes recomputed at
    once in one month both are counted and neither write fails on the row the other wrote.
    Months are taken in date order, so two writers never wait on each other in a circle."""
    with transaction.atomic():
        for month in sorted({month_of(day) for day in days}):
            row = locked_row(
                OutcomeMonth, {"episodes": 0, "outcomes": []}, clinic_id=clinic_id, month=month
            )
            found = counted(clinic_id, month)
            if found is None:
                row.delete()
                continue
            row.episodes, row.outcomes = found.episodes, found.outcomes
            row.save(update_fields=["episodes", "outcomes"])


def rebuild(clinic) -> int:
    """Recount every month of `clinic` (a clinic or its id); the number of months with
    episodes."""
    with transaction.atomic():
        OutcomeMonth.objects.filter(clinic=clinic).delete()
        rows = recounted(getattr(clinic, "pk", clinic))
        OutcomeMonth.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def recounted(clinic_id: int) -> list[OutcomeMonth]:
    """The unsaved rows of every month the clinic opened episodes in."""
    opened = Episode.objects.filter(clinic_id=clinic_id).annotate(month=TruncMonth("opened_on"))
    months = opened.values_list("month", flat=True).distinct().order_by("month")
    return [counted(clinic_id, month) for month in months]


def counted(clinic_id: int, month: date) -> OutcomeMonth | None:
    """The month's unsaved row, None if no episode was opened in it: two queries, each read
    from an index on (clinic, opened_on) alone on PostgreSQL, whatever the clinic's size."""
    within = {"clinic_id": clinic_id, "opened_on__gte": month, "opened_on__lt": after(month)}
    episodes = Episode.objects.filter(**within).count()
    if not episodes:
        return None
    groups = grouped(EpisodeOutcome.objects.filter(**within))
    return OutcomeMonth(
        clinic_id=clinic_id, month=month, episodes=episodes, outcomes=[list(g) for g in groups]
    )


def grouped(outcomes):
    """`outcomes` (EpisodeOutcome rows) counted by GROUPED, as (*GROUPED, count) rows, counted
    from the index alone ("*") and in the same order on every database: a month's row is the
    same however it was counted."""
    return (
        outcomes.values_list(*GROUPED)
        .annotate(n=Count("*"))
        .order_by(*GROUPED[:-1], F(GROUPED[-1]).asc(nulls_first=True))
    )
