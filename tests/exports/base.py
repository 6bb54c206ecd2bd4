"""Grace Hopper's neck pain episode (two assessments, two sessions, NDI twice, NPRS once), a
patient of 96, and Barbara Liskov at the other clinic."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from taut.exams.models import Diagnosis
from taut.treatment.models import AdverseEvent
from tests.base import ClinicTestCase
from tests.factories import make_patient
from tests.measures.factories import (
    NDI_BETTER,
    NDI_START,
    START,
    make_assessment,
    make_episode,
    make_response,
)
from tests.treatment.factories import make_session


def at(day: str, hour: int = 10):
    return timezone.make_aware(datetime.fromisoformat(f"{day} {hour:02d}:00"))


class ExportTestCase(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.alice.last_name = "Abbott"
        cls.alice.save()
        grace = cls.patient
        grace.chart_number, grace.email, grace.sex = "NS-0042", "grace@example.org", "female"
        grace.save()
        cls.episode = make_episode(grace, cls.alice, opened_on=date(2026, 3, 2))
        for when, codes in ((START, ["M79.11", "M79.12"]), (START + timedelta(days=7), ["M79.12"])):
            assessment = make_assessment(cls.episode, cls.alice, at=when)
            for code in codes:
                Diagnosis.objects.create(assessment=assessment, code=code)
        cls.first = make_session(
            cls.episode, cls.alice, performed_at=at("2026-03-09"),
            soft_tissue=["massage", "stretch"],
            needled=[("temporalis", "left"), ("temporalis", "right"), "masseter_superficial"],
            comments="Grace's husband drove her.",
        )  # fmt: skip
        AdverseEvent.objects.create(
            session=cls.first, kind="bruising", severity="mild", details="Told Grace Hopper"
        )
        cls.second = make_session(
            cls.episode, cls.alice, performed_at=at("2026-03-23"), pain_before=4, pain_after=2
        )
        make_response(cls.episode, cls.alice, "ndi", NDI_START, at=START)
        make_response(cls.episode, cls.alice, "ndi", NDI_BETTER, at=at("2026-03-30"))
        make_response(cls.episode, cls.alice, "nprs", [6], at=START)

        cls.elder = make_patient(
            cls.clinic, "Ada", "Oldham", date_of_birth=date(1930, 1, 1), chart_number="NS-0007",
            phone="+12025550199",
        )  # fmt: skip
        cls.elder_episode = make_episode(
            cls.elder, cls.alice, title="Low back", opened_on=date(2026, 3, 3)
        )
        make_session(cls.elder_episode, cls.alice, performed_at=at("2026-03-10"), pain_after=None)

        cls.barbara = make_patient(cls.other_clinic, "Barbara", "Liskov", chart_number="SS-1")
        elsewhere = make_episode(cls.barbara, cls.charlie, opened_on=date(2026, 3, 1))
        make_session(elsewhere, cls.charlie, performed_at=at("2026-03-12"), needled=["temporalis"])
        make_response(elsewhere, cls.charlie, "ndi", NDI_START, at=at("2026-03-01"))

    def identifiers(self) -> list[str]:
        """Everything that names or points to a patient or a clinician of either clinic."""
        found = ["Alice", "Abbott", "alice", "Charlie", "charlie"]
        for p in (self.patient, self.elder, self.barbara, self.portal_patient):
            found += [p.given_name, p.family_name, str(p.uuid), p.uuid.hex,
                      p.date_of_birth.isoformat(), f"{p.date_of_birth:%m/%d/%Y}"]  # fmt: skip
            found += [v for v in (p.chart_number, p.phone, p.phone[-7:], p.email) if v]
        return found
