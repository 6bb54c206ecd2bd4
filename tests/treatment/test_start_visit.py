"""'Start visit' on an appointment: attendance marked, the session form filled in from the
accepted plan, and the saved session linked to the appointment."""

from datetime import timedelta

from django.utils import timezone

from taut.scheduling import booking
from taut.scheduling.booking import BookingError
from taut.scheduling.models import Status
from taut.treatment.models import TreatmentSession
from tests.api.base import make_plan
from tests.scheduling.factories import at, make_appointment, make_type
from tests.treatment.base import SessionTestCase
from tests.treatment.factories import needling_row, session_data


class StartVisitTests(SessionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.treatment = make_type(cls.clinic, "Treatment", 45)
        make_plan(
            cls.episode, cls.alice, soft_tissue=["stretch"],
            needling_targets=[{"muscle": "upper_trapezius", "side": "right",
                               "trigger_point": "upper_trapezius_tp1", "why": "found"}],
        )  # fmt: skip

    def visit_now(self):
        now = timezone.now()
        return make_appointment(
            self.patient, self.alice, self.treatment, now - timedelta(minutes=5),
            now=now - timedelta(hours=1),
        )  # fmt: skip

    def start(self, visit):
        return self.client.post(f"/schedule/appointments/{visit.pk}/start/")

    def test_it_marks_attendance_and_opens_the_form_filled_from_the_plan(self):
        visit = self.visit_now()
        self.login(self.alice)
        response = self.start(visit)
        assert response["Location"] == self.url("new/") + f"?appointment={visit.pk}"
        visit.refresh_from_db()
        assert visit.status == Status.ATTENDED and visit.arrived_at is not None
        entry = self.client.get(response["Location"]).context["entry"]
        assert entry.form.initial == {"soft_tissue": ["stretch"]}
        assert entry.needling.initial == [
            {"muscle": "upper_trapezius", "trigger_point": "upper_trapezius_tp1", "side": "right"}
        ]

    def test_the_saved_session_is_linked_to_the_appointment(self):
        visit = self.visit_now()
        self.login(self.alice)
        self.start(visit)
        data = session_data(needling=[needling_row("temporalis", "right")])
        self.client.post(self.url("new/"), {**data, "appointment": visit.pk})
        assert TreatmentSession.objects.get().appointment == visit
        # a second session cannot claim the same visit
        second = self.client.post(self.url("new/"), {**data, "appointment": visit.pk})
        assert second.status_code == 404

    def test_the_front_desk_cannot_start_a_visit(self):
        visit = self.visit_now()
        self.login(self.bob)
        assert self.start(visit).status_code == 403
        visit.refresh_from_db()
        assert visit.status == Status.BOOKED

    def test_the_outsider_gets_404(self):
        visit = self.visit_now()
        self.login(self.charlie)
        assert self.start(visit).status_code == 404
        assert self.client.get(self.url("new/") + f"?appointment={visit.pk}").status_code == 404

    def test_a_visit_hours_away_cannot_be_started(self):
        visit = make_appointment(self.patient, self.alice, self.treatment, at(2, 9))
        with self.assertRaisesMessage(BookingError, "starts later"):
            booking.start_visit(visit, now=at(2, 8))
        assert booking.start_visit(visit, now=at(2, 8, 35)).status == Status.ATTENDED

    def test_a_patient_without_an_open_episode_is_sent_to_open_one(self):
        self.episode.discharged_on = self.episode.opened_on
        self.episode.save()
        visit = self.visit_now()
        self.login(self.alice)
        response = self.start(visit)
        assert response["Location"] == f"/patients/{self.patient.uuid}/"
        visit.refresh_from_db()
        assert visit.status == Status.BOOKED
