"""The waitlist: added from booking, offered a cancelled appointment's time, closed on booking."""

from datetime import timedelta

from taut.scheduling import booking, waitlist
from taut.scheduling.models import Appointment, WaitlistEntry
from tests.scheduling.factories import at, make_appointment
from tests.scheduling.test_views import ScheduleTestCase


class WaitlistTests(ScheduleTestCase):
    def add(self, patient=None, **fields):
        fields = {"type": self.treatment, "earliest": at(1, 0).date(), **fields}
        return WaitlistEntry.objects.create(
            clinic=self.clinic, patient=patient or self.ada, created_by=self.bob, **fields
        )

    def cancelled(self, days=3, hour=9):
        visit = make_appointment(self.patient, self.alice, self.treatment, at(days, hour))
        return booking.cancel(visit, by=self.bob, reason="unwell")

    def test_a_cancelled_time_is_offered_to_the_entries_it_suits(self):
        fits = self.add()
        self.add(clinician=self.carol)  # wants someone else
        self.add(latest=at(2, 0).date())  # too late for them
        self.add(type=self.initial)  # 60 minutes do not fit in 45
        freed = self.cancelled()
        assert list(waitlist.matching(freed)) == [fits]

    def test_the_appointment_page_offers_it_with_a_booking_link(self):
        entry = self.add()
        freed = self.cancelled()
        self.login(self.bob)
        response = self.client.get(f"/schedule/appointments/{freed.pk}/")
        assert response.context["offers"] == [entry]
        assert f"waitlist={entry.pk}" in response.content.decode()

    def test_no_offer_once_the_time_is_booked_again(self):
        self.add()
        freed = self.cancelled()
        make_appointment(self.ada, self.alice, self.treatment, freed.starts_at)
        self.login(self.bob)
        response = self.client.get(f"/schedule/appointments/{freed.pk}/")
        assert response.context["offers"] == []

    def test_booking_from_the_offer_closes_the_entry(self):
        entry = self.add()
        freed = self.cancelled()
        self.login(self.bob)
        data = self.book_data(patient=self.ada, day=3, hour="09:00", waitlist=entry.pk)
        assert self.client.post("/schedule/book/", data).status_code == 302
        entry.refresh_from_db()
        booked = Appointment.objects.get(patient=self.ada)
        assert entry.closed_at is not None and entry.appointment == booked
        assert booked.starts_at == freed.starts_at

    def test_adding_and_removing_an_entry(self):
        self.login(self.bob)
        day = at(1, 0).date().isoformat()
        data = {"patient": self.ada.uuid, "type": self.treatment.pk, "clinician": "",
                "earliest": day, "latest": "", "notes": "mornings"}  # fmt: skip
        self.assertRedirects(
            self.client.post("/schedule/waitlist/add/", data), "/schedule/waitlist/"
        )
        entry = WaitlistEntry.objects.get()
        assert entry.patient == self.ada and entry.clinician is None
        self.client.post(f"/schedule/waitlist/{entry.pk}/remove/")
        entry.refresh_from_db()
        assert entry.closed_at is not None

    def test_a_last_day_before_the_first_is_a_form_error(self):
        self.login(self.bob)
        first = at(3, 0).date()
        data = {"patient": self.ada.uuid, "type": self.treatment.pk, "earliest": first,
                "latest": first - timedelta(days=1)}  # fmt: skip
        assert self.client.post("/schedule/waitlist/add/", data).status_code == 200
        assert not WaitlistEntry.objects.exists()

    def test_the_outsider_gets_404(self):
        entry = self.add()
        self.login(self.charlie)
        assert (
            self.client.get(f"/schedule/waitlist/add/?patient={self.ada.uuid}").status_code == 404
        )
        assert self.client.post(f"/schedule/waitlist/{entry.pk}/remove/").status_code == 404
        assert list(self.client.get("/schedule/waitlist/").context["entries"]) == []
        entry.refresh_from_db()
        assert entry.closed_at is None
