"""The clinic's outcomes: how many episodes reached a clinically important change, after how
many sessions, and how often adverse events were recorded.

A responder is decided as on the progress page (taut.measures.verdicts): baseline is the
episode's first measurement, latest its last, and the rule the clinic's. Everything is read in
a fixed number of queries, however many episodes the range holds.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from taut.episodes.models import BodyArea, Episode
from taut.measures import verdicts
from taut.measures.instruments import SPECS
from taut.measures.models import Instrument, QuestionnaireResponse
from taut.scoring import Thresholds
from taut.treatment.models import AdverseEvent, AdverseKind, Severity, TreatmentSession

FEW = 5  # a share of fewer episodes than this is shown but marked "few"
SESSION_PAIN = "session-pain"


@dataclass(frozen=True)
class Share:
    """`responders` of `n` episodes with at least two measurements."""

    n: int = 0
    responders: int = 0

    @property
    def percent(self) -> float | None:
        return 100 * self.responders / self.n if self.n else None

    @property
    def few(self) -> bool:
        return 0 < self.n < FEW


@dataclass(frozen=True)
class SessionsNeeded:
    """Sessions up to the first measurement that met the threshold, among responders."""

    counts: tuple[int, ...] = ()

    @property
    def median(self) -> float | None:
        return statistics.median(self.counts) if self.counts else None

    @property
    def low(self) -> int | None:
        return min(self.counts, default=None)

    @property
    def high(self) -> int | None:
        return max(self.counts, default=None)


@dataclass
class MeasureOutcome:
    """One measure across the clinic's episodes: overall, by body area, sessions needed."""

    slug: str
    short: str
    name: str
    source: str
    overall: Share = Share()
    by_area: dict[str, Share] = field(default_factory=dict)
    sessions: SessionsNeeded = SessionsNeeded()

    def areas(self) -> list[tuple[str, Share]]:
        """(body area label, share) for the areas with at least one episode, in BodyArea order."""
        return [(a.label, self.by_area[a.value]) for a in BodyArea if a.value in self.by_area]


@dataclass(frozen=True)
class Rate:
    label: str
    events: int
    sessions: int

    @property
    def per_100(self) -> float | None:
        return 100 * self.events / self.sessions if self.sessions else None


@dataclass(frozen=True)
class AdverseRates:
    sessions: int
    all: Rate
    # Sessions with at least one event (of a severity): the unit the published surveys counted.
    sessions_with_event: Rate
    sessions_with_mild: Rate
    sessions_with_serious: Rate
    by_severity: tuple[Rate, ...]
    by_kind: tuple[Rate, ...]


@dataclass(frozen=True)
class Outcomes:
    start: date
    end: date
    episodes: int
    measures: tuple[MeasureOutcome, ...]
    adverse: AdverseRates


def clinic_outcomes(clinic, start: date, end: date, thresholds: Thresholds) -> Outcomes:
    """Episodes opened from `start` to `end` (inclusive) and sessions performed in that range,
    counted in the database (taut.measures.outcome_query): a fixed, small number of rows reach
    Python however many episodes the range holds."""
    from taut.measures import outcome_query

    episodes = Episode.objects.filter(clinic=clinic, opened_on__gte=start, opened_on__lte=end)
    outcomes = new_outcomes()
    by_slug = {o.slug: o for o in outcomes}
    needed: dict[str, list[int]] = {o.slug: [] for o in outcomes}
    for slug, area, responded, sessions, n in outcome_query.series_counts(
        clinic, start, end, thresholds
    ):
        outcome = by_slug[slug]
        outcome.overall = Share(outcome.overall.n + n, outcome.overall.responders + responded * n)
        share = outcome.by_area.get(area, Share())
        outcome.by_area[area] = Share(share.n + n, share.responders + responded * n)
        if responded:
            needed[slug] += [sessions] * n
    for outcome in outcomes:
        outcome.sessions = SessionsNeeded(tuple(sorted(needed[outcome.slug])))
    return Outcomes(
        start, end, episodes.count(), tuple(outcomes), adverse_rates(clinic, start, end)
    )


def clinic_outcomes_in_python(clinic, start: date, end: date, thresholds: Thresholds) -> Outcomes:
    """The same figures from the records themselves, scored one episode at a time: the
    reference the database path is tested against (tests/measures/test_outcome_query.py)."""
    episodes = list(
        Episode.objects.filter(clinic=clinic, opened_on__gte=start, opened_on__lte=end)
        .order_by("pk")
        .prefetch_related(
            Prefetch("sessions", TreatmentSession.objects.order_by("performed_at", "pk")),
            Prefetch("responses", QuestionnaireResponse.objects.counted().in_order()),
        )
    )
    return Outcomes(
        start, end, len(episodes), measure_outcomes(episodes, thresholds),
        adverse_rates(clinic, start, end),
    )  # fmt: skip


# --- clinically important change ---------------------------------------------------------------


def measured_instruments() -> list[str]:
    """The questionnaires with a defined important change, in the usual order."""
    return [name for name in Instrument.values if SPECS[name].has_mcid]


def new_outcomes() -> list[MeasureOutcome]:
    """An empty outcome per measure: session pain, then each questionnaire with an MCID."""
    outcomes = [
        MeasureOutcome(
            SESSION_PAIN, "Session pain", "Pain before treatment, first vs last session",
            "NPRS rule, Farrar 2001",
        )
    ]  # fmt: skip
    outcomes += [
        MeasureOutcome(s.name, s.short, heading(s.short, s.title), s.source)
        for s in map(SPECS.get, measured_instruments())
    ]
    return outcomes


def measure_outcomes(episodes: list[Episode], thresholds: Thresholds) -> tuple[MeasureOutcome, ...]:
    outcomes = new_outcomes()
    by_slug = {o.slug: o for o in outcomes}
    needed: dict[str, list[int]] = {o.slug: [] for o in outcomes}
    for episode in episodes:
        sessions = list(episode.sessions.all())
        series = {SESSION_PAIN: [(s.performed_at, s.pain_before) for s in sessions]}
        for response in episode.responses.all():
            if response.instrument in by_slug:
                series.setdefault(response.instrument, []).append(
                    (response.answered_at, response.score)
                )
        for slug, points in series.items():
            if len(points) < 2:
                continue
            outcome = by_slug[slug]
            responded = responds(slug, points[0][1], points[-1][1], thresholds)
            outcome.overall = counted(outcome.overall, responded)
            area = episode.body_area
            outcome.by_area[area] = counted(outcome.by_area.get(area, Share()), responded)
            if responded:
                needed[slug].append(sessions_to_response(slug, points, sessions, thresholds))
    for outcome in outcomes:
        outcome.sessions = SessionsNeeded(tuple(sorted(needed[outcome.slug])))
    return tuple(outcomes)


def heading(short: str, title: str) -> str:
    return title if title.startswith(short) else f"{short}: {title}"


def responds(slug: str, before: float, after: float, thresholds: Thresholds) -> bool:
    spec = SPECS["nprs" if slug == SESSION_PAIN else slug]
    return verdicts.change(spec, before, after, thresholds).status == "responder"


def counted(share: Share, responded: bool) -> Share:
    return Share(share.n + 1, share.responders + responded)


def sessions_to_response(slug: str, points: list, sessions: list, thresholds: Thresholds) -> int:
    """How many sessions the episode had up to its first measurement that met the threshold:
    for pain before treatment that session's number; for a questionnaire, the sessions
    performed up to when it was answered."""
    baseline = points[0][1]
    when = next(at for at, value in points[1:] if responds(slug, baseline, value, thresholds))
    return sum(1 for s in sessions if s.performed_at <= when)


# --- adverse events ----------------------------------------------------------------------------


def adverse_rates(clinic, start: date, end: date) -> AdverseRates:
    """Sessions performed from `start` to `end` (local dates, inclusive) and their adverse
    events, counted in the database."""
    sessions = TreatmentSession.objects.filter(clinic=clinic, **performed_between(start, end))
    count = sessions.count()
    events = AdverseEvent.objects.filter(
        session__clinic=clinic,
        **{f"session__{k}": v for k, v in performed_between(start, end).items()},
    )
    mild = Q(severity=Severity.MILD)
    totals = events.aggregate(
        all=Count("pk"),
        sessions=Count("session", distinct=True),
        mild=Count("session", filter=mild, distinct=True),
        serious=Count("session", filter=~mild, distinct=True),
    )
    severities = dict(events.order_by().values_list("severity").annotate(n=Count("pk")))
    kinds = dict(events.order_by().values_list("kind").annotate(n=Count("pk")))
    return AdverseRates(
        count,
        Rate("All adverse events", totals["all"], count),
        Rate("Sessions with at least one", totals["sessions"], count),
        Rate("Sessions with a mild event", totals["mild"], count),
        Rate("Sessions with a moderate or severe event", totals["serious"], count),
        tuple(Rate(s.label, severities.get(s.value, 0), count) for s in Severity),
        tuple(Rate(k.label, kinds[k.value], count) for k in AdverseKind if kinds.get(k.value)),
    )


def performed_between(start: date, end: date) -> dict:
    """performed_at on the local dates `start` to `end`, as bounds an index can use (the same
    rows as performed_at__date__gte/lte, which casts every row)."""
    zone = timezone.get_current_timezone()
    first = datetime.combine(start, time.min, tzinfo=zone)
    after = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    return {"performed_at__gte": first, "performed_at__lt": after}


# Published rates, as percent of treatments with at least one event of the kind.
PUBLISHED = (
    {
        "short": "Brady et al. 2014",
        "citation": "Brady S, McEvoy J, Dommerholt J, Doody C. Adverse events following trigger "
        "point dry needling: a prospective survey of chartered physiotherapists. J Man Manip "
        "Ther. 2014;22(3):134-140.",
        "treatments": "7,629",
        "mild": "19.18",
        "serious": "0 (no significant events)",
    },
    {
        "short": "Boyce et al. 2020",
        "citation": "Boyce D, Wempe H, Campbell C, et al. Adverse events associated with "
        "therapeutic dry needling. Int J Sports Phys Ther. 2020;15(1):103-113.",
        "treatments": "about 20,464",
        "mild": "36.7 (minor)",
        "serious": "under 0.1 (major)",
    },
)
