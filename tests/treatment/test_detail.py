"""The session page: relative contraindications at the top, the needling, and the billing
codes: CPT by distinct muscles, with the episode's ICD-10-CM diagnoses."""

from taut.exams.models import Diagnosis
from tests.episodes.factories import make_intake
from tests.exams.factories import make_assessment
from tests.treatment.base import SessionTestCase
from tests.treatment.factories import make_session, make_session_note


class BillingCodeTests(SessionTestCase):
    def setUp(self):
        self.login(self.alice)

    def billing(self, needled) -> dict:
        session = make_session(self.episode, self.alice, needled=needled)
        return self.client.get(self.url(session=session)).context["billing"]

    def test_one_muscle_is_20560(self):
        assert self.billing(["temporalis"])["cpt_code"] == "20560"

    def test_two_muscles_are_20560(self):
        billing = self.billing(["temporalis", "masseter_superficial"])
        assert (billing["cpt_code"], billing["muscles"]) == ("20560", 2)

    def test_three_muscles_are_20561(self):
        billing = self.billing(["temporalis", "masseter_superficial", "gluteus_medius"])
        assert (billing["cpt_code"], billing["muscles"]) == ("20561", 3)

    def test_parts_of_one_muscle_count_once(self):
        billing = self.billing(["sternocleidomastoid_sternal", "sternocleidomastoid_clavicular"])
        assert (billing["cpt_code"], billing["muscles"]) == ("20560", 1)
        billing = self.billing([
            "sternocleidomastoid_sternal", "sternocleidomastoid_clavicular", "temporalis",
            "masseter_deep",
        ])  # fmt: skip
        assert (billing["cpt_code"], billing["muscles"]) == ("20561", 3)

    def test_one_muscle_on_both_sides_counts_once(self):
        billing = self.billing([("temporalis", "left"), ("temporalis", "right")])
        assert (billing["cpt_code"], billing["muscles"]) == ("20560", 1)

    def test_no_needling_is_no_code(self):
        session = make_session(self.episode, self.alice)
        response = self.client.get(self.url(session=session))
        assert response.context["billing"]["cpt_code"] is None
        assert "no needling code" in response.content.decode()

    def test_the_page_shows_the_code_and_the_diagnoses_in_force_at_the_visit(self):
        from datetime import timedelta

        from django.utils import timezone

        now = timezone.now()
        first = make_assessment(self.episode, self.alice, performed_at=now - timedelta(days=9))
        Diagnosis.objects.create(assessment=first, code="M79.11")
        latest = make_assessment(self.episode, self.alice, performed_at=now - timedelta(days=3))
        for code in ("M79.12", "M79.18"):
            Diagnosis.objects.create(assessment=latest, code=code)
        after = make_assessment(self.episode, self.alice, performed_at=now)
        Diagnosis.objects.create(assessment=after, code="M79.7")
        session = make_session(
            self.episode, self.alice, needled=["temporalis"], performed_at=now - timedelta(days=1)
        )
        body = self.client.get(self.url(session=session)).content.decode()
        assert "CPT 20560" in body and "1 muscle" in body
        assert "<strong>M79.12</strong> Myalgia of auxiliary muscles, head and neck" in body
        assert body.count("<strong>M79.12</strong>") == 1 and "<strong>M79.18</strong>" in body
        assert "<strong>M79.11</strong>" not in body and "<strong>M79.7</strong>" not in body


class PageTests(SessionTestCase):
    def setUp(self):
        self.login(self.alice)

    def test_relative_contraindications_of_the_latest_intake_are_shown_at_the_top(self):
        make_intake(self.episode, self.alice, relative_contraindications=["anticoagulants"])
        session = make_session(self.episode, self.alice, needled=["temporalis"])
        body = self.client.get(self.url(session=session)).content.decode()
        assert body.index("Anticoagulants or a bleeding disorder") < body.index("Billing codes")

    def test_the_needling_table_shows_each_muscle_with_its_needle(self):
        session = make_session(self.episode, self.alice, needled=[("upper_trapezius", "right")])
        body = self.client.get(self.url(session=session)).content.decode()
        assert "Upper trapezius" in body and "pneumothorax risk" in body
        assert "0.25 × 30 mm" in body

    def test_a_draft_note_is_shown_for_editing(self):
        session = make_session(self.episode, self.alice, needled=["temporalis"])
        make_session_note(session)
        body = self.client.get(self.url(session=session)).content.decode()
        assert "Draft" in body and "<textarea" in body and "Save draft" in body
