"""`taut reminders`: one e-mail per booked appointment in the window, never twice."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings

from taut.scheduling import booking
from taut.scheduling.models import Appointment
from tests.base import ClinicTestCase
from tests.factories import make_patient
from tests.queue import DB_QUEUE, IMMEDIATE, run_worker
from tests.scheduling.factories import at, make_appointment, make_type


# The command queues the sending; here the queue runs each task at once, inside the command.
@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                   TASKS=IMMEDIATE)  # fmt: skip
class ReminderTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.clinic.phone = "+12025550100"
        cls.clinic.save()
        cls.treatment = make_type(cls.clinic, "Treatment", 45)
        cls.ada = make_patient(cls.clinic, "Ada", "Lovelace", email="ada@example.org")

    def run_command(self, *args) -> str:
        out = StringIO()
        call_command("reminders", *args, stdout=out)
        return out.getvalue()

    def test_it_sends_one_reminder_to_a_patient_with_an_e_mail_address(self):
        appointment = make_appointment(self.ada, self.alice, self.treatment, at(1, 9))
        out = self.run_command("--hours", "48")
        assert "1 reminder(s) sent" in out and len(mail.outbox) == 1
        sent = mail.outbox[0]
        assert sent.to == ["ada@example.org"] and "Northside" in sent.subject
        assert "Treatment with Alice" in sent.body and "+1 202-555-0100" in sent.body
        assert Appointment.objects.get(pk=appointment.pk).reminder_sent_at is not None

    def test_running_again_sends_nothing_more(self):
        make_appointment(self.ada, self.alice, self.treatment, at(1, 9))
        self.run_command("--hours", "48")
        assert "0 reminder(s) sent" in self.run_command("--hours", "48")
        assert len(mail.outbox) == 1

    def test_it_skips_patients_without_e_mail_cancelled_and_far_visits(self):
        make_appointment(self.patient, self.alice, self.treatment, at(1, 9))  # no e-mail
        cancelled = make_appointment(self.ada, self.alice, self.treatment, at(1, 11))
        booking.cancel(cancelled, by=self.bob, reason="Unwell")
        make_appointment(self.ada, self.alice, self.treatment, at(5, 9))  # outside 48 h
        self.run_command("--hours", "48")
        assert mail.outbox == []

    def test_a_dry_run_lists_but_sends_and_marks_nothing(self):
        appointment = make_appointment(self.ada, self.alice, self.treatment, at(1, 9))
        assert "1 reminder(s) would send" in self.run_command("--hours", "48", "--dry-run")
        assert mail.outbox == []
        assert Appointment.objects.get(pk=appointment.pk).reminder_sent_at is None

    def test_a_moved_appointment_gets_a_new_reminder(self):
        appointment = make_appointment(self.ada, self.alice, self.treatment, at(1, 9))
        self.run_command("--hours", "48")
        booking.move(appointment, starts_at=at(1, 15), by=self.bob)
        self.run_command("--hours", "48")
        assert len(mail.outbox) == 2 and "15:00" in mail.outbox[1].body

    def test_a_failed_send_is_reported_and_left_for_the_next_run(self):
        appointment = make_appointment(self.ada, self.alice, self.treatment, at(1, 9))
        broken = override_settings(EMAIL_BACKEND="tests.scheduling.test_reminders.BrokenBackend")
        with broken, pytest.raises(CommandError, match="could not be sent"):
            self.run_command("--hours", "48")
        assert Appointment.objects.get(pk=appointment.pk).reminder_sent_at is None

    def test_a_silly_window_is_refused(self):
        with pytest.raises(CommandError, match="between 1 and 336"):
            self.run_command("--hours", "0")


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", TASKS=DB_QUEUE)
class QueuedReminderTests(ClinicTestCase):
    def test_the_command_queues_the_sending_and_the_worker_sends(self):
        treatment = make_type(self.clinic, "Treatment", 45)
        ada = make_patient(self.clinic, "Ada", "Lovelace", email="ada@example.org")
        appointment = make_appointment(ada, self.alice, treatment, at(1, 9))
        out = StringIO()
        call_command("reminders", "--hours", "48", stdout=out)
        assert "queued as task" in out.getvalue()
        assert mail.outbox == []
        assert Appointment.objects.get(pk=appointment.pk).reminder_sent_at is None
        run_worker()
        assert [m.to for m in mail.outbox] == [["ada@example.org"]]
        assert Appointment.objects.get(pk=appointment.pk).reminder_sent_at is not None


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server unreachable")
