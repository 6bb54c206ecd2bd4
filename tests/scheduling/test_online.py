"""Self-service booking: patients book the times the clinic opened and cancel them up to the
clinic's notice; staff open and withdraw times; confirmations carry an .ics file."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from taut.audit.models import AuditEntry
from taut.scheduling import online
from taut.scheduling.models import Appointment, OnlineSlot
from tests.base import ClinicTestCase
from tests.scheduling.factories import make_type


def soon(days=3, hour=10):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class OnlineBookingTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.clinic.address = "1 Harbour Road\nPortsmouth"
        cls.clinic.save()
        cls.kind = make_type(cls.clinic, "Treatment", 45)
        cls.portal_patient.email = "penny@example.org"
        cls.portal_patient.save()

    def open_slot(self, starts_at=None, **fields):
        return OnlineSlot.objects.create(
            clinic=self.clinic, clinician=self.alice, type=self.kind,
            starts_at=starts_at or soon(), created_by=self.bob, **fields,
        )  # fmt: skip

    def book(self, slot):
        self.login(self.penny)
        return self.client.post(
            f"/my/appointments/book/{self.portal_patient.pk}/", {"slot": slot.pk}
        )

    def test_the_patient_books_an_open_time_and_gets_an_ics(self):
        slot = self.open_slot()
        self.login(self.penny)
        page = self.client.get("/my/appointments/").content.decode()
        assert "Book a visit" in page and "Treatment (45 min) with Alice" in page
        assert self.book(slot).status_code == 302
        appointment = Appointment.objects.get()
        assert appointment.patient == self.portal_patient and appointment.clinician == self.alice
        assert appointment.ends_at - appointment.starts_at == timedelta(minutes=45)
        slot.refresh_from_db()
        assert slot.appointment == appointment
        message = mail.outbox[0]
        assert message.to == ["penny@example.org"] and "booked" in message.subject
        name, content, kind = message.attachments[0]
        assert name == "appointment.ics" and kind == "text/calendar"
        event = Calendar.from_ical(content).walk("VEVENT")[0]
        assert event.decoded("dtstart") == appointment.starts_at
        assert str(event["status"]) == "CONFIRMED"
        assert "Harbour Road" in str(event["location"]) and "Neck" not in str(content)
        assert AuditEntry.objects.filter(action="create", detail__online="booked").exists()

    def test_a_booked_time_is_no_longer_offered_nor_bookable_twice(self):
        slot = self.open_slot()
        self.book(slot)
        other = self.patient  # grace has no login: book through the domain as a second patient
        from taut.scheduling.booking import BookingError

        with self.assertRaisesMessage(BookingError, "no longer free"):
            online.book(slot.pk, other, self.alice)
        assert online.open_slots(self.clinic) == []

    def test_a_time_the_clinician_is_busy_is_not_offered_and_refused(self):
        slot = self.open_slot()
        Appointment.objects.create(
            clinic=self.clinic, patient=self.patient, clinician=self.alice, type=self.kind,
            starts_at=slot.starts_at + timedelta(minutes=15),
            ends_at=slot.starts_at + timedelta(minutes=60), created_by=self.bob,
        )  # fmt: skip
        assert online.open_slots(self.clinic) == []
        self.book(slot)
        assert Appointment.objects.count() == 1  # refused, with the reason shown

    def test_past_and_far_times_are_not_offered(self):
        self.open_slot(timezone.now() - timedelta(hours=1))
        self.open_slot(soon(days=online.SHOWN_DAYS + 2))
        assert online.open_slots(self.clinic) == []

    def test_the_patient_cancels_in_time_and_the_time_opens_again(self):
        slot = self.open_slot(soon(days=3))
        self.book(slot)
        appointment = Appointment.objects.get()
        response = self.client.post(f"/my/appointments/{appointment.pk}/cancel/")
        assert response.status_code == 302
        appointment.refresh_from_db()
        assert appointment.status == "cancelled" and appointment.cancelled_by == self.penny
        slot.refresh_from_db()
        assert slot.appointment is None and online.open_slots(self.clinic) == [slot]
        event = Calendar.from_ical(mail.outbox[-1].attachments[0][1]).walk("VEVENT")[0]
        assert str(event["status"]) == "CANCELLED"

    def test_too_late_to_cancel_online(self):
        self.clinic.cancel_notice_hours = 48
        self.clinic.save()
        slot = self.open_slot(timezone.now() + timedelta(hours=30))
        self.book(slot)
        appointment = Appointment.objects.get()
        page = self.client.get("/my/appointments/").content.decode()
        assert "Less than 48 hours to go" in page
        self.client.post(f"/my/appointments/{appointment.pk}/cancel/")
        appointment.refresh_from_db()
        assert appointment.status == "booked"

    def test_nobody_books_for_or_cancels_anothers_appointment(self):
        slot = self.open_slot()
        self.login(self.penny)
        # another patient's record id, and another clinic's time
        assert self.client.post(f"/my/appointments/book/{self.patient.pk}/",
                                {"slot": slot.pk}).status_code == 404  # fmt: skip
        there = OnlineSlot.objects.create(
            clinic=self.other_clinic, clinician=self.charlie,
            type=make_type(self.other_clinic, "Treatment", 30), starts_at=soon(),
            created_by=self.charlie,
        )  # fmt: skip
        self.book(there)
        assert not Appointment.objects.exists()
        theirs = Appointment.objects.create(
            clinic=self.clinic, patient=self.patient, clinician=self.alice, type=self.kind,
            starts_at=soon(days=5), ends_at=soon(days=5) + timedelta(minutes=45),
            created_by=self.bob,
        )  # fmt: skip
        assert self.client.post(f"/my/appointments/{theirs.pk}/cancel/").status_code == 404

    def test_staff_open_and_withdraw_times(self):
        self.login(self.bob)
        day = soon(days=4)
        data = {"type": self.kind.pk, "clinician": self.alice.pk,
                "date": f"{day:%Y-%m-%d}", "time": "10:00"}  # fmt: skip
        assert self.client.post("/schedule/online/", data).status_code == 302
        slot = OnlineSlot.objects.get()
        again = self.client.post("/schedule/online/", data).content.decode()
        assert "already has an open time then" in again
        assert OnlineSlot.objects.count() == 1  # the same time twice is refused
        assert self.client.post(f"/schedule/online/{slot.pk}/remove/").status_code == 302
        assert not OnlineSlot.objects.exists()

    def test_outsiders_get_404(self):
        slot = self.open_slot()
        self.login(self.charlie)
        assert "Alice" not in self.client.get("/schedule/online/").content.decode()
        assert self.client.post(f"/schedule/online/{slot.pk}/remove/").status_code == 404
        assert OnlineSlot.objects.filter(pk=slot.pk).exists()
