"""The stored episode outcomes stay what scoring the records afresh gives: after any sequence of
sessions, questionnaires and episodes saved, edited and deleted, and of thresholds set and
dropped, the outcomes dashboard (which reads the stored rows) shows the figures of scoring each
episode in Python from its records, and the stored rows are the ones a rebuild makes. Ties in
time, scores on the thresholds, baselines of 0, legacy responses, a clinic's own rules. The
dashboard's ranges take whole months from the monthly counts and the days at their edges from
the outcomes: ranges of whole months, of parts of months, and within one month."""

import random
from collections import Counter
from datetime import date, datetime, timedelta
from io import StringIO

from django.core.management import call_command
from django.db.models import Prefetch
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from taut.episodes.models import BodyArea, Episode
from taut.measures import outcome_months, session_days, verdicts
from taut.measures.episode_outcomes import SESSION_PAIN, computed, rebuild
from taut.measures.instruments import SPECS
from taut.measures.models import (
    EpisodeOutcome,
    OutcomeMonth,
    OutcomeThreshold,
    QuestionnaireResponse,
    SessionDay,
    Source,
    thresholds_for,
)
from taut.measures.outcomes import (
    AdverseRates,
    Outcomes,
    Rate,
    SessionsNeeded,
    Share,
    clinic_outcomes,
    new_outcomes,
)
from taut.treatment.models import AdverseEvent, AdverseKind, Severity, TreatmentSession
from tests.base import ClinicTestCase
from tests.factories import make_patient

RANGE = (date(2026, 1, 1), date(2026, 6, 30))
# The dashboard's ranges checked: whole months only; parts of months at both edges; within one
# month; from a 1st to a part of a month; from a part of a month to a month's last day (across
# the new year); parts of two months and no whole one; a day at either side of a month's end.
RANGES = [
    RANGE, (date(2026, 2, 1), date(2026, 3, 31)), (date(2026, 1, 15), date(2026, 4, 10)),
    (date(2026, 3, 3), date(2026, 3, 20)), (date(2026, 2, 1), date(2026, 4, 17)),
    (date(2025, 12, 20), date(2026, 3, 31)), (date(2026, 1, 20), date(2026, 2, 10)),
    (date(2026, 3, 31), date(2026, 4, 1)),
]  # fmt: skip
BASE = datetime(2026, 1, 5, 9, 0)
INSTRUMENTS = ["nprs", "ndi", "odi", "quickdash", "psfs", "fiqr", "acr2016"]


# --- the reference: each episode scored from its records ----------------------------------------


def scored(clinic, start: date, end: date) -> Outcomes:
    """The dashboard's figures from the records themselves, one episode at a time."""
    thresholds = thresholds_for(clinic)
    episodes = list(
        Episode.objects.filter(clinic=clinic, opened_on__gte=start, opened_on__lte=end)
        .order_by("pk")
        .prefetch_related(
            Prefetch("sessions", TreatmentSession.objects.order_by("performed_at", "pk")),
            Prefetch("responses", QuestionnaireResponse.objects.counted().in_order()),
        )
    )
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
                when = next(at for at, value in points[1:]
                            if responds(slug, points[0][1], value, thresholds))  # fmt: skip
                needed[slug].append(sum(1 for s in sessions if s.performed_at <= when))
    for outcome in outcomes:
        outcome.sessions = SessionsNeeded(tuple(sorted(needed[outcome.slug])))
    return Outcomes(
        start, end, len(episodes), tuple(outcomes), adverse_from_records(clinic, start, end)
    )


def adverse_from_records(clinic, start: date, end: date) -> AdverseRates:
    """The adverse event rates counted from the sessions performed on those local dates and
    their events, one by one."""
    sessions = [s for s in TreatmentSession.objects.filter(clinic=clinic).prefetch_related(
        "adverse_events") if start <= timezone.localdate(s.performed_at) <= end]  # fmt: skip
    n = len(sessions)
    events = [e for s in sessions for e in s.adverse_events.all()]
    with_any = [s for s in sessions if s.adverse_events.all()]
    mild = [s for s in with_any if any(e.severity == "mild" for e in s.adverse_events.all())]
    serious = [s for s in with_any if any(e.severity != "mild" for e in s.adverse_events.all())]
    kinds = Counter(e.kind for e in events)
    return AdverseRates(
        n,
        Rate("All adverse events", len(events), n),
        Rate("Sessions with at least one", len(with_any), n),
        Rate("Sessions with a mild event", len(mild), n),
        Rate("Sessions with a moderate or severe event", len(serious), n),
        tuple(Rate(v.label, sum(e.severity == v for e in events), n) for v in Severity),
        tuple(Rate(k.label, kinds[k.value], n) for k in AdverseKind if kinds[k.value]),
    )


def days(found) -> list[tuple]:
    return sorted(
        (d.day, d.sessions, d.events, d.sessions_with_event, d.sessions_with_mild,
         d.sessions_with_serious, sorted(d.by_severity.items()), sorted(d.by_kind.items()))
        for d in found
    )  # fmt: skip


def months(found) -> list[tuple]:
    return sorted((m.month, m.episodes, m.outcomes) for m in found)


def responds(slug: str, before: float, after: float, thresholds) -> bool:
    spec = SPECS["nprs" if slug == SESSION_PAIN else slug]
    return verdicts.change(spec, before, after, thresholds).status == "responder"


def counted(share: Share, responded: bool) -> Share:
    return Share(share.n + 1, share.responders + responded)


def rows(outcomes) -> list[tuple]:
    return sorted(
        (o.episode_id, o.measure, o.clinic_id, o.opened_on, o.body_area, o.measurements,
         o.baseline, o.latest, o.responded, o.first_met_at, o.sessions_to_first_met)
        for o in outcomes
    )  # fmt: skip


def score(instrument: str, rng: random.Random) -> float:
    """A score each instrument can give: sums, means and percents of item answers."""
    if instrument in ("nprs", "acr2016"):
        return float(rng.randint(0, 10))
    if instrument in ("ndi", "odi"):
        answered = rng.choice([10, 10, 9])
        return rng.randint(0, 5 * answered) / (5 * answered) * 100
    if instrument == "quickdash":
        answered = rng.choice([11, 10])
        return (rng.randint(answered, 5 * answered) / answered - 1) * 25
    if instrument == "psfs":
        n = rng.randint(1, 5)
        return sum(rng.randint(0, 10) for _ in range(n)) / n
    return rng.randint(0, 200) / 2  # fiqr: halves on 0-100


def open_episode(patient, by, area=BodyArea.HEAD_NECK, opened=date(2026, 2, 1)) -> Episode:
    return Episode.objects.create(
        clinic=patient.clinic, patient=patient, title="Pain", body_area=area, opened_on=opened,
        created_by=by,
    )  # fmt: skip


def add_session(episode, by, pain: int, at: datetime) -> TreatmentSession:
    return TreatmentSession.objects.create(
        clinic=episode.clinic, episode=episode, patient=episode.patient, clinician=by,
        performed_at=timezone.make_aware(at), pain_before=pain,
    )  # fmt: skip


def add_response(episode, by, instrument, value, at, source=Source.PAPER):
    return QuestionnaireResponse.objects.create(
        clinic=episode.clinic, episode=episode, patient=episode.patient, instrument=instrument,
        answers=[], entered_by=by, score=value, answered_at=timezone.make_aware(at),
        source=source,
    )  # fmt: skip


class StoredOutcomesTestCase(TestCase, ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # A responder elsewhere: never counted here, and never touched by this clinic's rebuild.
        theirs = open_episode(make_patient(cls.other_clinic, "Other", "Person"), cls.charlie)
        for pain in (9, 1):
            add_session(theirs, cls.charlie, pain, BASE)

    def assert_as_scored(self) -> None:
        """The dashboard's figures are those scored afresh, and the stored rows a rebuild's."""
        for start, end in RANGES:
            assert clinic_outcomes(self.clinic, start, end) == scored(self.clinic, start, end)
        self.assert_as_rebuilt()

    def assert_as_rebuilt(self) -> None:
        for clinic in (self.clinic, self.other_clinic):
            stored = rows(EpisodeOutcome.objects.filter(clinic=clinic))
            assert stored == rows(computed(Episode.objects.filter(clinic=clinic)))
            assert days(SessionDay.objects.filter(clinic=clinic)) == days(
                session_days.counted(clinic.pk, {}))  # fmt: skip
            assert months(OutcomeMonth.objects.filter(clinic=clinic)) == months(
                outcome_months.recounted(clinic.pk))  # fmt: skip
        assert EpisodeOutcome.objects.filter(clinic=self.other_clinic).count() == 1


class GeneratedEpisodesTests(StoredOutcomesTestCase):
    """Many episodes, recorded one record at a time."""

    def generate(self, seed: int) -> None:
        rng = random.Random(seed)
        patient = make_patient(self.clinic, "Gen", f"Erated{seed}")
        for _ in range(60):
            opened = date(2025, 12, 1) + timedelta(days=rng.randint(0, 240))
            episode = open_episode(patient, self.alice, rng.choice(BodyArea.values), opened)
            moments = [BASE + timedelta(days=rng.choice([0, 7, 7, 14]) * k)
                       for k in range(rng.randint(0, 8))]  # fmt: skip
            start = rng.randint(0, 10)
            for at in moments:
                pain = max(0, min(10, start + rng.randint(-4, 2)))
                at += timedelta(days=rng.randint(0, 150))
                session = add_session(episode, self.alice, pain, at)
                if rng.random() < 0.2:
                    AdverseEvent.objects.create(
                        session=session, kind=rng.choice(["bruising", "nausea"]),
                        severity=rng.choice(["mild", "mild", "moderate"]),
                    )  # fmt: skip
            for instrument in rng.sample(INSTRUMENTS, 2):
                answered = BASE + timedelta(days=rng.randint(0, 20))
                for _ in range(rng.randint(0, 5)):
                    legacy = rng.random() < 0.1
                    add_response(episode, self.alice, instrument, score(instrument, rng),
                                 answered, Source.LEGACY if legacy else Source.PAPER)  # fmt: skip
                    answered += timedelta(days=rng.choice([0, 7, 21]))

    def assert_enough(self) -> None:
        figures = clinic_outcomes(self.clinic, *RANGE)
        assert sum(m.overall.n for m in figures.measures) > 50
        assert sum(m.overall.responders for m in figures.measures) > 10

    def test_the_default_rules(self):
        for seed in range(3):
            self.generate(seed)
        self.assert_as_scored()
        self.assert_enough()

    def test_a_clinics_own_rules_rebuild_what_is_stored(self):
        self.generate(7)
        for instrument, points, percent, combine in [
            ("nprs", 3, 50, "all"), ("ndi", None, 25, "any"), ("odi", 8, None, "all"),
            ("quickdash", 175 / 11, 20, "all"), ("psfs", 2, 30, "any"), ("fiqr", 7, 14, "any"),
        ]:  # fmt: skip
            OutcomeThreshold.objects.create(
                clinic=self.clinic, instrument=instrument, points=points, percent=percent,
                combine=combine,
            )  # fmt: skip
        self.assert_as_scored()
        self.assert_enough()

    def test_the_command_rebuilds_what_bulk_writes_left_out(self):
        self.generate(3)
        EpisodeOutcome.objects.all().delete()
        OutcomeMonth.objects.all().delete()
        moved = Episode.objects.filter(clinic=self.clinic, opened_on__month=1)
        assert moved.update(opened_on=date(2026, 5, 15))  # as an import might, past the models
        out = StringIO()
        call_command("rebuild_outcomes", stdout=out)
        made = EpisodeOutcome.objects.filter(clinic=self.clinic).count()
        days = SessionDay.objects.filter(clinic=self.clinic).count()
        line = f"{self.clinic.slug}: {made} episode outcomes, {days} days of sessions"
        assert line in out.getvalue().splitlines()
        self.assert_as_scored()
        self.assert_enough()


# --- any sequence of writes --------------------------------------------------------------------

DAY = st.integers(min_value=0, max_value=40)
PICK = st.integers(min_value=0, max_value=1000)  # which of the records so far, modulo their number
RULE = st.fixed_dictionaries({
    "points": st.one_of(st.none(), st.sampled_from([0, 1, 2, 5, 10, 175 / 11, 19])),
    "percent": st.one_of(st.none(), st.sampled_from([0, 14, 30, 50])),
    "combine": st.sampled_from(["all", "any"]),
}).filter(lambda r: r["points"] is not None or r["percent"] is not None)  # fmt: skip
SESSION = st.tuples(st.just("session"), PICK, st.integers(0, 10), DAY)
RESPONSE = st.tuples(st.just("response"), PICK, st.sampled_from(INSTRUMENTS[:3]), st.randoms(),
                     DAY, st.booleans())  # fmt: skip
# Records are added more often than anything else, so that series grow long enough to change.
WRITES = st.one_of(
    SESSION, SESSION, SESSION, RESPONSE, RESPONSE, RESPONSE,
    st.tuples(st.just("open"), st.sampled_from(BodyArea.values), st.integers(0, 60)),
    st.tuples(st.just("edit episode"), PICK, st.sampled_from(BodyArea.values), st.integers(0, 200)),
    st.tuples(st.just("close episode"), PICK),
    st.tuples(st.just("edit session"), PICK, st.integers(0, 10), DAY),
    st.tuples(st.just("delete session"), PICK),
    st.tuples(st.just("edit response"), PICK, st.randoms(), DAY),
    st.tuples(st.just("mark from paper"), PICK),
    st.tuples(st.just("delete response"), PICK),
    st.tuples(st.just("adverse event"), PICK, st.sampled_from(AdverseKind.values[:3]),
              st.sampled_from(Severity.values)),
    st.tuples(st.just("delete adverse event"), PICK),
    st.tuples(st.just("threshold"), st.sampled_from(INSTRUMENTS[:3]), RULE),
    st.tuples(st.just("drop threshold"), st.sampled_from(INSTRUMENTS[:3])),
)  # fmt: skip


def nth(items: list, pick: int):
    return items[pick % len(items)] if items else None


class AnyWritesTests(StoredOutcomesTestCase):
    @settings(max_examples=100)
    @given(st.lists(WRITES, min_size=4, max_size=40))
    def test_the_stored_outcomes_follow_every_write(self, writes):
        episodes = [open_episode(self.patient, self.alice, area, opened)
                    for area, opened in [(BodyArea.HEAD_NECK, RANGE[0]),
                                         (BodyArea.LOW_BACK, date(2026, 3, 31))]]  # fmt: skip
        sessions, responses = [], []
        for write in writes:
            self.apply(write, episodes, sessions, responses)
            self.assert_as_rebuilt()  # a later write to the episode must not be what mends it
        self.assert_as_scored()

    def apply(self, write, episodes, sessions, responses) -> None:
        kind, *args = write
        if kind == "open":
            area, day = args
            opened = date(2026, 1, 1) + timedelta(day)
            episodes.append(open_episode(self.patient, self.alice, area, opened))
        elif kind == "threshold":
            instrument, rule = args
            OutcomeThreshold.objects.update_or_create(
                clinic=self.clinic, instrument=instrument, defaults=rule
            )
        elif kind == "drop threshold":
            for own in OutcomeThreshold.objects.filter(clinic=self.clinic, instrument=args[0]):
                own.delete()
        elif kind in ("edit episode", "close episode"):
            episode = nth(episodes, args[0])
            if episode is None:
                return
            if kind == "close episode":  # with what it holds: only records without one go
                for record in [*sessions, *responses]:
                    if record.episode_id == episode.pk:
                        record.delete()
                sessions[:] = [s for s in sessions if s.episode_id != episode.pk]
                responses[:] = [r for r in responses if r.episode_id != episode.pk]
                episode.delete()
                episodes.remove(episode)
                return
            episode.body_area = args[1]
            episode.opened_on = date(2025, 12, 1) + timedelta(args[2])
            episode.save()
        elif kind in ("session", "response"):
            episode = nth(episodes, args[0])
            if episode is None:
                return
            at = BASE + timedelta(days=args[-2 if kind == "response" else -1])
            if kind == "session":
                sessions.append(add_session(episode, self.alice, args[1], at))
            else:
                instrument, rng, _, legacy = args[1:]
                source = Source.LEGACY if legacy else Source.PAPER
                value = score(instrument, rng)
                responses.append(add_response(episode, self.alice, instrument, value, at, source))
        else:
            self.change(kind, args, sessions, responses)

    def change(self, kind, args, sessions, responses) -> None:
        if kind == "adverse event":
            session = nth(sessions, args[0])
            if session is not None:
                AdverseEvent.objects.create(session=session, kind=args[1], severity=args[2])
            return
        if kind == "delete adverse event":
            event = nth(list(AdverseEvent.objects.filter(session__clinic=self.clinic)), args[0])
            if event is not None:
                event.delete()
            return
        records = sessions if "session" in kind else responses
        record = nth(records, args[0])
        if record is None:
            return
        if kind.startswith("delete"):
            record.delete()
            records.remove(record)
        elif kind == "edit session":
            record.pain_before = args[1]
            record.performed_at = timezone.make_aware(BASE + timedelta(days=args[2]))
            record.save()
        elif kind == "edit response":
            record.score = score(record.instrument, args[1])
            record.answered_at = timezone.make_aware(BASE + timedelta(days=args[2]))
            record.save()
        else:  # mark from paper, as the page does
            record.source = Source.PAPER
            record.save(update_fields=["source"])


class RebuildTests(StoredOutcomesTestCase):
    def test_a_rebuild_keeps_what_the_writes_stored(self):
        episode = open_episode(self.patient, self.alice)
        for week, pain in enumerate([8, 7, 4]):
            add_session(episode, self.alice, pain, BASE + timedelta(weeks=week))
        stored = rows(EpisodeOutcome.objects.all())
        assert rebuild(self.clinic) == 1
        assert rows(EpisodeOutcome.objects.all()) == stored
        (outcome,) = EpisodeOutcome.objects.filter(clinic=self.clinic)
        assert (outcome.measure, outcome.baseline, outcome.latest) == (SESSION_PAIN, 8, 4)
        assert (outcome.responded, outcome.sessions_to_first_met) == (True, 3)

    def test_one_measurement_is_not_an_outcome(self):
        episode = open_episode(self.patient, self.alice)
        add_session(episode, self.alice, 8, BASE)
        add_response(episode, self.alice, "ndi", 44.0, BASE)
        assert not EpisodeOutcome.objects.filter(episode=episode).exists()

    def test_a_clinics_new_rule_is_applied_to_what_is_stored_and_dropping_it_undoes_it(self):
        episode = open_episode(self.patient, self.alice)
        for week, pain in enumerate([8, 5]):  # 3 points: a responder by the default rule
            add_session(episode, self.alice, pain, BASE + timedelta(weeks=week))
        (theirs,) = EpisodeOutcome.objects.filter(clinic=self.other_clinic)

        def responded() -> bool:
            return EpisodeOutcome.objects.get(episode=episode).responded

        assert responded()
        own = OutcomeThreshold.objects.create(clinic=self.clinic, instrument="nprs", points=4)
        assert not responded()
        own.points = 3
        own.save()
        assert responded()
        own.percent, own.combine = 50, "all"
        own.save()
        assert not responded()
        own.delete()
        assert responded()
        assert EpisodeOutcome.objects.get(clinic=self.other_clinic) == theirs


class MonthTests(StoredOutcomesTestCase):
    """The monthly counts follow an episode's opening date, with or without outcomes."""

    def counts(self) -> dict:
        found = OutcomeMonth.objects.filter(clinic=self.clinic)
        return {m.month: (m.episodes, sum(group[-1] for group in m.outcomes)) for m in found}

    def test_an_episode_moved_to_another_month_is_counted_there_only(self):
        measured = open_episode(self.patient, self.alice, opened=date(2026, 2, 10))
        for week, pain in enumerate([8, 3]):
            add_session(measured, self.alice, pain, BASE + timedelta(weeks=week))
        unmeasured = open_episode(self.patient, self.alice, opened=date(2026, 2, 12))
        assert self.counts() == {date(2026, 2, 1): (2, 1)}
        measured.opened_on = date(2026, 4, 5)
        measured.save()
        assert self.counts() == {date(2026, 2, 1): (1, 0), date(2026, 4, 1): (1, 1)}
        self.assert_as_scored()
        unmeasured.opened_on = date(2026, 4, 30)
        unmeasured.save()
        assert self.counts() == {date(2026, 4, 1): (2, 1)}
        self.assert_as_scored()

    def test_a_deleted_episode_leaves_its_month(self):
        kept = open_episode(self.patient, self.alice, opened=date(2026, 3, 1))
        for week, pain in enumerate([8, 3]):
            add_session(kept, self.alice, pain, BASE + timedelta(weeks=week))
        gone = [open_episode(self.patient, self.alice, opened=day)
                for day in (date(2026, 3, 31), date(2026, 5, 2))]  # fmt: skip
        assert self.counts() == {date(2026, 3, 1): (2, 1), date(2026, 5, 1): (1, 0)}
        for episode in gone:
            episode.delete()
        assert self.counts() == {date(2026, 3, 1): (1, 1)}
        self.assert_as_scored()
