"""Each clinic's sessions and adverse events counted by local day (SessionDay), for the
outcomes dashboard's adverse event rates.

`refresh(clinic_id, day)` recounts one day. A session's save and delete recount its day (and
the day it moved from); writing a session's adverse events recounts its day
(taut.treatment.amend.write_rows, AdverseEvent's own save and delete). `rebuild(clinic)`
recounts a clinic, after writes that bypass the models (`taut rebuild_outcomes`, the bench's
seed)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from taut.days import local_range
from taut.measures.models import SessionDay
from taut.measures.row_locks import locked_row
from taut.treatment.models import AdverseEvent, Severity, TreatmentSession


def between(start: date, end: date) -> dict:
    """performed_at on the local dates `start` to `end` (inclusive), as bounds an index uses."""
    first, after = local_range(start, end)
    return {"performed_at__gte": first, "performed_at__lt": after}


def day_of(moment: datetime) -> date:
    return timezone.localdate(moment)


COUNTS = [
    "sessions", "events", "sessions_with_event", "sessions_with_mild", "sessions_with_serious",
    "by_severity", "by_kind",
]  # fmt: skip


def refresh(clinic_id: int, *days: date) -> None:
    """Recount the clinic's `days` from their sessions and events, one writer at a time: a
    day's row is locked before its sessions are counted, so that of two sessions saved at once
    on one day both are counted and neither save fails on the row the other wrote. Days are
    taken in date order, so two writers never wait on each other in a circle."""
    with transaction.atomic():
        for day in sorted(set(days)):
            row = locked_row(SessionDay, dict.fromkeys(COUNTS[:5], 0), clinic_id=clinic_id, day=day)
            found = counted(clinic_id, between(day, day))
            if not found:
                row.delete()
                continue
            for name in COUNTS:
                setattr(row, name, getattr(found[0], name))
            row.save(update_fields=COUNTS)


def rebuild(clinic) -> int:
    """Recount every day of `clinic`; the number of days with sessions."""
    with transaction.atomic():
        SessionDay.objects.filter(clinic=clinic).delete()
        rows = counted(clinic.pk, {})
        SessionDay.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def counted(clinic_id: int, within: dict) -> list[SessionDay]:
    """The unsaved rows of the clinic's sessions `within` (performed_at bounds), by local day:
    three grouped queries, whatever the number of sessions."""
    zone = timezone.get_current_timezone()
    sessions = TreatmentSession.objects.filter(clinic_id=clinic_id, **within)
    rows: dict[date, SessionDay] = {}
    per_day = sessions.annotate(day=TruncDate("performed_at", tzinfo=zone)).values("day")
    for found in per_day.annotate(n=Count("pk")).order_by():
        rows[found["day"]] = SessionDay(
            clinic_id=clinic_id, day=found["day"], sessions=found["n"], events=0,
            sessions_with_event=0, sessions_with_mild=0, sessions_with_serious=0,
            by_severity={}, by_kind={},
        )  # fmt: skip
    events = AdverseEvent.objects.filter(
        session__clinic_id=clinic_id, **{f"session__{k}": v for k, v in within.items()}
    ).annotate(day=TruncDate("session__performed_at", tzinfo=zone))
    mild = Q(severity=Severity.MILD)
    for found in events.values("day").annotate(
        with_event=Count("session", distinct=True),
        with_mild=Count("session", filter=mild, distinct=True),
        with_serious=Count("session", filter=~mild, distinct=True),
    ).order_by():  # fmt: skip
        row = rows[found["day"]]
        row.sessions_with_event = found["with_event"]
        row.sessions_with_mild = found["with_mild"]
        row.sessions_with_serious = found["with_serious"]
    tallies = defaultdict(lambda: (defaultdict(int), defaultdict(int)))
    for found in events.values("day", "severity", "kind").annotate(n=Count("pk")).order_by():
        severity, kind = tallies[found["day"]]
        severity[found["severity"]] += found["n"]
        kind[found["kind"]] += found["n"]
    for day, (severity, kind) in tallies.items():
        row = rows[day]
        row.by_severity, row.by_kind = dict(severity), dict(kind)
        row.events = sum(severity.values())
    return list(rows.values())
