"""Staff pages: booking (also from a request), an appointment, move and cancel."""

from taut.audit.models import AuditEntry
from taut.scheduling.models import Appointment, AppointmentRequest, RequestStatus, Status
from tests.base import ClinicTestCase
from tests.factories import make_patient
from tests.scheduling.factories import at, make_appointment, make_request, make_type


class ScheduleTestCase(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.treatment = make_type(cls.clinic, "Treatment", 45)
        cls.initial = make_type(cls.clinic, "Initial assessment", 60, kind="initial")
        cls.ada = make_patient(cls.clinic, "Ada", "Lovelace", email="ada@example.org")

    def book_data(self, patient=None, day=1, hour="10:00", **extra):
        when = at(day, 0).date().isoformat()
        return {
            "patient": str((patient or self.patient).uuid), "type": self.treatment.pk,
            "clinician": self.alice.pk, "date": when, "time": hour, "notes": "", **extra,
        }  # fmt: skip


class BookTests(ScheduleTestCase):
    def test_searching_lists_active_patients_to_choose(self):
        self.login(self.bob)
        response = self.client.get("/schedule/book/", {"q": "hopper"})
        assert list(response.context["matches"]) == [self.patient]

    def test_the_front_desk_books_and_lands_on_the_appointment(self):
        self.login(self.bob)
        response = self.client.post("/schedule/book/", self.book_data())
        appointment = Appointment.objects.get()
        self.assertRedirects(response, f"/schedule/appointments/{appointment.pk}/")
        assert appointment.created_by == self.bob and appointment.starts_at == at(1, 10)
        assert AuditEntry.objects.filter(action="create", object_id=str(appointment.pk)).exists()

    def test_a_double_booking_is_refused_as_a_form_error_and_keeps_the_input(self):
        make_appointment(self.ada, self.alice, self.treatment, at(1, 10))
        self.login(self.bob)
        response = self.client.post("/schedule/book/", self.book_data(hour="10:30", notes="x"))
        assert response.status_code == 200 and Appointment.objects.count() == 1
        assert "Alice is already booked" in response.content.decode()
        assert response.context["form"]["notes"].value() == "x"

    def test_a_past_time_is_refused(self):
        self.login(self.bob)
        response = self.client.post("/schedule/book/", self.book_data(day=-1))
        assert "in the past" in response.content.decode() and not Appointment.objects.exists()

    def test_a_day_out_of_range_is_a_form_error_not_a_500(self):
        self.login(self.bob)
        for day in ("9999-12-31", "2101-01-01"):
            response = self.client.post("/schedule/book/", self.book_data(date=day, time="23:50"))
            assert response.status_code == 200
            assert "between 1900-01-01 and 2100-12-31" in response.content.decode()
        assert not Appointment.objects.exists()

    def test_an_inactive_type_cannot_be_chosen(self):
        old = make_type(self.clinic, "Old", 30, is_active=False)
        self.login(self.bob)
        response = self.client.post("/schedule/book/", self.book_data(type=old.pk))
        assert "type" in response.context["form"].errors and not Appointment.objects.exists()

    def test_an_archived_patient_cannot_be_booked(self):
        self.ada.archive(by=self.carol)
        self.login(self.bob)
        assert self.client.get(f"/schedule/book/?patient={self.ada.uuid}").status_code == 404
        assert self.client.post("/schedule/book/", self.book_data(self.ada)).status_code == 404


class FromRequestTests(ScheduleTestCase):
    def test_booking_from_a_request_prefills_and_links_it(self):
        sent = make_request(
            self.clinic, kind="initial", preferred_time="afternoon", message="Sore neck"
        )
        self.login(self.bob)
        page = self.client.get(f"/schedule/book/?request={sent.pk}&patient={self.ada.uuid}")
        initial = page.context["form"].initial
        assert initial["type"] == self.initial.pk and str(initial["time"]) == "14:00:00"
        assert initial["date"] == sent.preferred_date and "Sore neck" in initial["notes"]
        data = self.book_data(self.ada, day=3, hour="14:00", type=self.initial.pk, request=sent.pk)
        self.client.post("/schedule/book/", data)
        sent.refresh_from_db()
        assert sent.status == RequestStatus.BOOKED and sent.appointment.patient == self.ada
        assert sent.handled_by == self.bob

    def test_a_refused_booking_leaves_the_request_new(self):
        sent = make_request(self.clinic)
        make_appointment(self.patient, self.alice, self.treatment, at(3, 14))
        self.login(self.bob)
        data = self.book_data(self.ada, day=3, hour="14:00", request=sent.pk)
        assert self.client.post("/schedule/book/", data).status_code == 200
        sent.refresh_from_db()
        assert sent.status == RequestStatus.NEW and sent.appointment is None

    def test_a_handled_request_cannot_be_booked_again(self):
        sent = make_request(self.clinic, status=RequestStatus.DECLINED)
        self.login(self.bob)
        assert self.client.get(f"/schedule/book/?request={sent.pk}").status_code == 404


class AppointmentPageTests(ScheduleTestCase):
    def setUp(self):
        self.appointment = make_appointment(self.patient, self.alice, self.treatment, at(1, 10))
        self.url = f"/schedule/appointments/{self.appointment.pk}/"

    def test_the_page_shows_it_and_is_audited(self):
        self.login(self.bob)
        body = self.client.get(self.url).content.decode()
        assert "Grace Hopper" in body and "Treatment with Alice" in body
        assert AuditEntry.objects.filter(action="view", object_id=str(self.appointment.pk)).exists()

    def test_moving_it(self):
        self.login(self.bob)
        day = at(2, 0).date().isoformat()
        data = {"clinician": self.alice.pk, "date": day, "time": "15:00", "version": 1}
        self.assertRedirects(self.client.post(self.url + "move/", data), self.url)
        self.appointment.refresh_from_db()
        assert self.appointment.starts_at == at(2, 15)
        assert AuditEntry.objects.filter(action="change", detail__has_key="moved_from").exists()

    def test_moving_to_a_day_out_of_range_is_a_form_error_not_a_500(self):
        self.login(self.bob)
        data = {"clinician": self.alice.pk, "date": "9999-12-31", "time": "23:50"}
        response = self.client.post(self.url + "move/", data)
        assert response.status_code == 200
        assert "between 1900-01-01 and 2100-12-31" in response.content.decode()
        self.appointment.refresh_from_db()
        assert self.appointment.starts_at == at(1, 10)

    def test_moving_onto_another_visit_is_refused_on_the_form(self):
        make_appointment(self.ada, self.alice, self.treatment, at(2, 15))
        self.login(self.bob)
        day = at(2, 0).date().isoformat()
        data = {"clinician": self.alice.pk, "date": day, "time": "15:15", "version": 1}
        response = self.client.post(self.url + "move/", data)
        assert "already booked" in response.content.decode()
        self.appointment.refresh_from_db()
        assert self.appointment.starts_at == at(1, 10)

    def test_cancelling_needs_a_reason_and_keeps_the_row(self):
        self.login(self.bob)
        response = self.client.post(self.url + "cancel/", {"reason": "  "})
        assert response.status_code == 200 and "required" in response.content.decode()
        self.client.post(self.url + "cancel/", {"reason": "Unwell"})
        self.appointment.refresh_from_db()
        assert (
            self.appointment.status == Status.CANCELLED
            and self.appointment.cancel_reason == "Unwell"
        )
        assert "Unwell" in self.client.get(self.url).content.decode()


class AttendanceTests(ScheduleTestCase):
    def setUp(self):
        self.appointment = make_appointment(self.patient, self.alice, self.treatment, at(1, 10))
        self.url = f"/schedule/appointments/{self.appointment.pk}/"
        self.login(self.bob)

    def started(self):
        Appointment.objects.filter(pk=self.appointment.pk).update(
            starts_at=at(-1, 10), ends_at=at(-1, 10, 45)
        )

    def test_a_visit_that_has_not_started_cannot_be_marked(self):
        assert "Did not attend" not in self.client.get(self.url).content.decode()
        self.client.post(self.url + "attendance/", {"status": "attended"})
        self.appointment.refresh_from_db()
        assert self.appointment.status == Status.BOOKED

    def test_once_started_it_is_marked_attended_or_not_and_audited(self):
        self.started()
        assert "Did not attend" in self.client.get(self.url).content.decode()
        self.assertRedirects(
            self.client.post(self.url + "attendance/", {"status": "no_show"}), self.url
        )
        self.appointment.refresh_from_db()
        assert self.appointment.status == Status.NO_SHOW
        assert AuditEntry.objects.filter(action="change", detail__status="no_show").exists()

    def test_a_visit_that_has_started_cannot_be_cancelled(self):
        self.started()
        response = self.client.post(self.url + "cancel/", {"reason": "Left early"})
        assert response.status_code == 200
        assert "attended or did not attend instead" in response.content.decode()
        self.appointment.refresh_from_db()
        assert self.appointment.status == Status.BOOKED and self.appointment.cancel_reason == ""

    def test_a_marked_visit_is_not_marked_again_and_a_bad_status_changes_nothing(self):
        self.started()
        self.client.post(self.url + "attendance/", {"status": "cancelled"})
        self.appointment.refresh_from_db()
        assert self.appointment.status == Status.BOOKED
        self.client.post(self.url + "attendance/", {"status": "attended"})
        response = self.client.post(self.url + "attendance/", {"status": "no_show"}, follow=True)
        assert "This appointment is attended" in response.content.decode()
        self.appointment.refresh_from_db()
        assert self.appointment.status == Status.ATTENDED

    def test_the_outsider_gets_404(self):
        self.started()
        self.login(self.charlie)
        assert self.client.post(self.url + "attendance/", {"status": "attended"}).status_code == 404


class RequestQueueTests(ScheduleTestCase):
    def test_new_requests_come_first(self):
        old = make_request(self.clinic, "Old One", status=RequestStatus.DECLINED)
        new = make_request(self.clinic, "New One")
        self.login(self.bob)
        listed = list(self.client.get("/schedule/requests/").context["page"].object_list)
        assert listed == [new, old]

    def test_a_request_suggests_patients_with_the_same_phone(self):
        sent = make_request(self.clinic, "G. Hopper", phone=self.patient.phone)
        self.login(self.bob)
        assert self.patient in self.client.get(f"/schedule/requests/{sent.pk}/").context["matches"]

    def test_declining_needs_a_reason_and_keeps_the_request(self):
        sent = make_request(self.clinic)
        self.login(self.bob)
        self.client.post(f"/schedule/requests/{sent.pk}/", {"reason": ""})
        sent.refresh_from_db()
        assert sent.status == RequestStatus.NEW
        self.client.post(f"/schedule/requests/{sent.pk}/", {"reason": "We do not treat children"})
        sent = AppointmentRequest.objects.get(pk=sent.pk)
        assert sent.status == RequestStatus.DECLINED and sent.handled_by == self.bob
        assert sent.decline_reason == "We do not treat children"

    def test_a_declined_request_cannot_be_declined_again(self):
        sent = make_request(self.clinic, status=RequestStatus.DECLINED, decline_reason="Full")
        self.login(self.carol)
        response = self.client.post(
            f"/schedule/requests/{sent.pk}/", {"reason": "Other"}, follow=True
        )
        assert "already declined" in response.content.decode()
        assert AppointmentRequest.objects.get(pk=sent.pk).decline_reason == "Full"


class PatientPageVisitsTests(ScheduleTestCase):
    def test_the_patient_page_lists_the_next_booked_visits_not_cancelled_ones(self):
        from taut.scheduling import booking

        soon = make_appointment(self.patient, self.alice, self.treatment, at(1, 9))
        make_appointment(self.patient, self.alice, self.initial, at(3, 14))
        booking.cancel(make_appointment(self.patient, self.alice, self.treatment, at(2, 9)),
                       by=self.bob, reason="Unwell")  # fmt: skip
        self.login(self.bob)
        body = self.client.get(f"/patients/{self.patient.uuid}/").content.decode()
        assert "Next visits" in body and f"/schedule/appointments/{soon.pk}/" in body
        assert body.count("/schedule/appointments/") == 2

    def test_a_malformed_patient_id_in_the_booking_link_is_404_not_500(self):
        self.login(self.bob)
        assert self.client.get("/schedule/book/?patient=not-a-uuid").status_code == 404
