"""The outcomes dashboard counted in SQL gives the same figures as scoring each episode in
Python (taut.measures.outcomes.clinic_outcomes_in_python), on generated episodes: ties in time,
scores on the thresholds, baselines of 0, legacy responses, a clinic's own rules."""

import random
from datetime import date, datetime, timedelta

from django.utils import timezone

from taut.episodes.models import BodyArea, Episode
from taut.measures.models import OutcomeThreshold, QuestionnaireResponse, Source, thresholds_for
from taut.measures.outcomes import clinic_outcomes, clinic_outcomes_in_python
from taut.treatment.models import AdverseEvent, TreatmentSession
from tests.base import ClinicTestCase
from tests.factories import make_patient

RANGE = (date(2026, 1, 1), date(2026, 6, 30))


def score(instrument: str, rng: random.Random) -> float:
    """A score each instrument can give: sums, means and percents of item answers."""
    if instrument == "nprs":
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


class SameFiguresTests(ClinicTestCase):
    def generate(self, seed: int) -> None:
        rng = random.Random(seed)
        base = timezone.make_aware(datetime(2026, 1, 5, 9, 0))
        patient = make_patient(self.clinic, "Gen", f"Erated{seed}")
        for e in range(60):
            opened = date(2025, 12, 1) + timedelta(days=rng.randint(0, 240))
            episode = Episode.objects.create(
                clinic=self.clinic, patient=patient, title=f"E{e}", created_by=self.alice,
                body_area=rng.choice(BodyArea.values), opened_on=opened,
            )  # fmt: skip
            moments = [base + timedelta(days=rng.choice([0, 7, 7, 14]) * k)
                       for k in range(rng.randint(0, 8))]  # fmt: skip
            start = rng.randint(0, 10)
            for at in moments:
                session = TreatmentSession.objects.create(
                    clinic=self.clinic, episode=episode, patient=patient, clinician=self.alice,
                    performed_at=at + timedelta(days=rng.randint(0, 150)),
                    pain_before=max(0, min(10, start + rng.randint(-4, 2))),
                )  # fmt: skip
                if rng.random() < 0.2:
                    AdverseEvent.objects.create(
                        session=session, kind=rng.choice(["bruising", "nausea"]),
                        severity=rng.choice(["mild", "mild", "moderate"]),
                    )  # fmt: skip
            for instrument in rng.sample(["nprs", "ndi", "odi", "quickdash", "psfs", "fiqr",
                                          "acr2016"], 2):  # fmt: skip
                answered = base + timedelta(days=rng.randint(0, 20))
                for _ in range(rng.randint(0, 5)):
                    QuestionnaireResponse.objects.create(
                        clinic=self.clinic, episode=episode, patient=patient,
                        instrument=instrument, answers=[], entered_by=self.alice,
                        score=score(instrument if instrument != "acr2016" else "nprs", rng),
                        answered_at=answered,
                        source=Source.LEGACY if rng.random() < 0.1 else Source.PAPER,
                    )  # fmt: skip
                    answered += timedelta(days=rng.choice([0, 7, 21]))

    def assert_same(self) -> None:
        thresholds = thresholds_for(self.clinic)
        in_sql = clinic_outcomes(self.clinic, *RANGE, thresholds)
        in_python = clinic_outcomes_in_python(self.clinic, *RANGE, thresholds)
        assert in_sql == in_python
        assert sum(m.overall.n for m in in_sql.measures) > 50
        assert sum(m.overall.responders for m in in_sql.measures) > 10

    def test_the_default_rules(self):
        for seed in range(3):
            self.generate(seed)
        self.assert_same()

    def test_a_clinics_own_rules(self):
        self.generate(7)
        for instrument, points, percent, combine in [
            ("nprs", 3, 50, "all"), ("ndi", None, 25, "any"), ("odi", 8, None, "all"),
            ("quickdash", 175 / 11, 20, "all"), ("psfs", 2, 30, "any"), ("fiqr", 7, 14, "any"),
        ]:  # fmt: skip
            OutcomeThreshold.objects.create(
                clinic=self.clinic, instrument=instrument, points=points, percent=percent,
                combine=combine,
            )  # fmt: skip
        self.assert_same()
