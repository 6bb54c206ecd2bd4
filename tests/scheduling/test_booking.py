"""The booking rules: no clinician and no patient is ever in two places at once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from taut.clinics.models import Membership
from taut.clinics.roles import Role
from taut.scheduling import booking
from taut.scheduling.booking import BookingError
from taut.scheduling.models import Appointment, Status
from tests.base import ClinicTestCase
from tests.episodes.factories import make_episode
from tests.factories import make_patient, make_user
from tests.scheduling.factories import at, make_appointment, make_type


class BookingTestCase(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.treatment = make_type(cls.clinic, "Treatment", 45)
        cls.initial = make_type(cls.clinic, "Initial assessment", 60, kind="initial")
        cls.dana = make_user("dana", (cls.clinic, Role.CLINICIAN))
        cls.ada = make_patient(cls.clinic, "Ada", "Lovelace")
        cls.alan = make_patient(cls.clinic, "Alan", "Turing")

    def book(self, starts_at, patient=None, clinician=None, type=None, **kwargs):
        return booking.book(
            self.clinic, patient=patient or self.patient, clinician=clinician or self.alice,
            type=type or self.treatment, starts_at=starts_at, by=self.bob, **kwargs,
        )  # fmt: skip

    def assert_refused(self, message, **kwargs):
        before = Appointment.objects.count()
        with pytest.raises(BookingError, match=message):
            self.book(**kwargs)
        assert Appointment.objects.count() == before


class BookTests(BookingTestCase):
    def test_the_end_is_the_start_plus_the_types_minutes(self):
        appointment = self.book(at(1, 9), type=self.initial)
        assert appointment.ends_at - appointment.starts_at == timedelta(minutes=60)
        assert appointment.status == Status.BOOKED and appointment.created_by == self.bob

    def test_a_start_in_the_past_is_refused(self):
        self.assert_refused("in the past", starts_at=timezone.now() - timedelta(minutes=1))

    def test_an_inactive_type_is_refused(self):
        old = make_type(self.clinic, "Old treatment", 30, is_active=False)
        self.assert_refused("no longer offered", starts_at=at(1, 9), type=old)

    def test_another_clinics_type_is_refused(self):
        theirs = make_type(self.other_clinic, "Their treatment", 30)
        self.assert_refused("not one of this clinic", starts_at=at(1, 9), type=theirs)

    def test_someone_who_is_not_a_clinician_here_is_refused(self):
        for person in (self.bob, self.carol, self.charlie):
            self.assert_refused("is not a clinician", starts_at=at(1, 9), clinician=person)

    def test_a_clinician_whose_membership_ended_is_refused(self):
        Membership.objects.filter(user=self.dana).update(is_active=False)
        self.assert_refused("is not a clinician", starts_at=at(1, 9), clinician=self.dana)

    def test_an_archived_patient_is_refused(self):
        self.ada.archive(by=self.carol)
        self.assert_refused("archived", starts_at=at(1, 9), patient=self.ada)

    def test_another_clinics_patient_is_refused(self):
        theirs = make_patient(self.other_clinic, "Barbara", "Liskov")
        self.assert_refused("not one of this clinic", starts_at=at(1, 9), patient=theirs)

    def test_an_episode_of_another_patient_is_refused(self):
        episode = make_episode(self.ada, self.alice)
        self.assert_refused("another patient", starts_at=at(1, 9), episode=episode)

    def test_notes_are_kept_trimmed(self):
        assert self.book(at(1, 9), notes="  bring scans  ").notes == "bring scans"


class OverlapTests(BookingTestCase):
    """alice has Treatment 10:00–10:45 tomorrow with Grace Hopper."""

    def setUp(self):
        self.first = self.book(at(1, 10))

    def test_the_same_start_is_refused(self):
        self.assert_refused("Alice is already booked", starts_at=at(1, 10), patient=self.ada)

    def test_a_visit_starting_inside_is_refused(self):
        self.assert_refused("already booked", starts_at=at(1, 10, 30), patient=self.ada)

    def test_a_visit_ending_inside_is_refused(self):
        self.assert_refused("already booked", starts_at=at(1, 9, 30), patient=self.ada)

    def test_a_visit_containing_it_is_refused(self):
        self.assert_refused(
            "already booked", starts_at=at(1, 9, 50), patient=self.ada, type=self.initial
        )

    def test_a_visit_inside_it_is_refused(self):
        short = make_type(self.clinic, "Check", 15)
        self.assert_refused("already booked", starts_at=at(1, 10, 15), patient=self.ada, type=short)

    def test_touching_ends_are_allowed(self):
        after = self.book(at(1, 10, 45), patient=self.ada)
        before = self.book(at(1, 9, 15), patient=self.alan)
        assert after.starts_at == self.first.ends_at and before.ends_at == self.first.starts_at

    def test_another_clinician_at_the_same_time_is_fine(self):
        assert self.book(at(1, 10), patient=self.ada, clinician=self.dana).pk

    def test_the_patient_cannot_be_with_two_clinicians_at_once(self):
        self.assert_refused(
            "Grace Hopper already has an appointment", starts_at=at(1, 10, 30), clinician=self.dana
        )

    def test_a_cancelled_visit_frees_the_slot(self):
        booking.cancel(self.first, by=self.bob, reason="Patient is unwell")
        assert self.book(at(1, 10), patient=self.ada).pk

    def test_an_attended_or_missed_visit_still_holds_its_time(self):
        for status in (Status.ATTENDED, Status.NO_SHOW):
            Appointment.objects.filter(pk=self.first.pk).update(status=status)
            self.assert_refused("already booked", starts_at=at(1, 10), patient=self.ada)

    def test_the_message_names_the_time_taken(self):
        with pytest.raises(BookingError) as refused:
            self.book(at(1, 10, 15), patient=self.ada)
        assert "from 10:00 to 10:45" in str(refused.value)

    def test_a_clinician_booked_at_another_clinic_is_refused_without_details(self):
        Membership.objects.create(user=self.charlie, clinic=self.clinic, role=Role.CLINICIAN)
        theirs = make_patient(self.other_clinic, "Barbara", "Liskov")
        make_appointment(theirs, self.charlie, make_type(self.other_clinic), at(2, 14))
        with pytest.raises(BookingError) as refused:
            self.book(at(2, 14), clinician=self.charlie)
        assert "at another clinic" in str(refused.value)
        assert "Barbara" not in str(refused.value)


class MoveTests(BookingTestCase):
    def setUp(self):
        self.first = self.book(at(1, 10))

    def test_a_move_keeps_the_length_and_may_change_the_clinician(self):
        moved = booking.move(self.first, starts_at=at(2, 14), clinician=self.dana, by=self.bob)
        assert (moved.starts_at, moved.ends_at) == (at(2, 14), at(2, 14, 45))
        assert Appointment.objects.get(pk=self.first.pk).clinician == self.dana

    def test_a_move_onto_its_own_time_is_fine(self):
        assert booking.move(self.first, starts_at=at(1, 10, 15), by=self.bob).pk

    def test_a_move_onto_another_visit_is_refused_and_nothing_changes(self):
        self.book(at(1, 14), patient=self.ada)
        with pytest.raises(BookingError, match="already booked"):
            booking.move(self.first, starts_at=at(1, 14, 30), by=self.bob)
        assert Appointment.objects.get(pk=self.first.pk).starts_at == at(1, 10)

    def test_a_move_into_the_past_is_refused(self):
        with pytest.raises(BookingError, match="in the past"):
            booking.move(self.first, starts_at=timezone.now() - timedelta(hours=1), by=self.bob)

    def test_a_visit_that_has_started_cannot_be_moved(self):
        with pytest.raises(BookingError, match="already started"):
            booking.move(self.first, starts_at=at(3, 9), by=self.bob, now=at(1, 10, 5))

    def test_a_cancelled_visit_cannot_be_moved(self):
        booking.cancel(self.first, by=self.bob, reason="Unwell")
        with pytest.raises(BookingError, match="cancelled"):
            booking.move(self.first, starts_at=at(3, 9), by=self.bob)

    def test_a_move_sends_a_new_reminder(self):
        Appointment.objects.filter(pk=self.first.pk).update(reminder_sent_at=timezone.now())
        assert booking.move(self.first, starts_at=at(3, 9), by=self.bob).reminder_sent_at is None

    def test_a_deactivated_type_does_not_strand_a_booked_visit(self):
        self.treatment.is_active = False
        self.treatment.save()
        assert booking.move(self.first, starts_at=at(3, 9), by=self.bob).pk


class CancelTests(BookingTestCase):
    def test_cancelling_keeps_the_row_with_who_when_and_why(self):
        first = self.book(at(1, 10))
        booking.cancel(first, by=self.bob, reason="  Patient is unwell ")
        first = Appointment.objects.get(pk=first.pk)
        assert first.status == Status.CANCELLED and first.cancelled_by == self.bob
        assert first.cancel_reason == "Patient is unwell" and first.cancelled_at is not None

    def test_a_reason_is_required(self):
        first = self.book(at(1, 10))
        with pytest.raises(BookingError, match="reason"):
            booking.cancel(first, by=self.bob, reason="  ")
        assert Appointment.objects.get(pk=first.pk).status == Status.BOOKED

    def test_a_visit_that_has_started_cannot_be_cancelled(self):
        first = self.book(at(1, 10))
        with pytest.raises(BookingError, match="attended or did not attend"):
            booking.cancel(first, by=self.bob, reason="Unwell", now=at(1, 10))
        assert Appointment.objects.get(pk=first.pk).status == Status.BOOKED

    def test_a_cancelled_visit_cannot_be_cancelled_again(self):
        first = self.book(at(1, 10))
        booking.cancel(first, by=self.bob, reason="Unwell")
        with pytest.raises(BookingError, match="cancelled"):
            booking.cancel(first, by=self.carol, reason="Again")
        assert Appointment.objects.get(pk=first.pk).cancelled_by == self.bob
