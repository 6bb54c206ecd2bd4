"""Who reaches scheduling: every staff role of the clinic; anyone of another clinic, or a
patient, finds nothing (404); clinic settings and types only for clinic admins."""

from taut.scheduling.models import Appointment, AppointmentRequest, RequestStatus, Status
from tests.base import ClinicTestCase
from tests.scheduling.factories import at, make_appointment, make_request, make_type


class AccessTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.kind = make_type(cls.clinic)
        cls.appointment = make_appointment(cls.patient, cls.alice, cls.kind, at(1, 10))
        cls.sent = make_request(cls.clinic)

    def get_urls(self):
        a, r = self.appointment.pk, self.sent.pk
        return [
            "/schedule/", "/schedule/book/", f"/schedule/book/?patient={self.patient.uuid}",
            f"/schedule/book/?request={r}", f"/schedule/appointments/{a}/",
            f"/schedule/appointments/{a}/move/", f"/schedule/appointments/{a}/cancel/",
            "/schedule/requests/", f"/schedule/requests/{r}/", "/schedule/today/",
            "/schedule/free/", "/schedule/waitlist/", f"/patients/new/?request={r}",
            f"/schedule/waitlist/add/?patient={self.patient.uuid}",
        ]  # fmt: skip

    def post_urls(self):
        a, r = self.appointment.pk, self.sent.pk
        return [
            "/schedule/book/", f"/schedule/appointments/{a}/move/",
            f"/schedule/appointments/{a}/cancel/", f"/schedule/requests/{r}/",
            f"/schedule/appointments/{a}/check-in/", f"/schedule/appointments/{a}/start/",
            f"/schedule/appointments/{a}/attendance/",
        ]  # fmt: skip

    def data(self):
        return {
            "patient": str(self.patient.uuid), "type": self.kind.pk, "clinician": self.alice.pk,
            "date": at(2, 0).date().isoformat(), "time": "11:00", "reason": "x",
            "request": self.sent.pk,
        }  # fmt: skip

    def assert_unchanged(self):
        appointment = Appointment.objects.get(pk=self.appointment.pk)
        assert Appointment.objects.count() == 1 and appointment.status == Status.BOOKED
        assert appointment.starts_at == at(1, 10)
        assert AppointmentRequest.objects.get(pk=self.sent.pk).status == RequestStatus.NEW

    def test_every_staff_role_opens_every_page(self):
        for user in (self.alice, self.bob, self.carol):
            self.login(user)
            for url in self.get_urls():
                assert self.client.get(url).status_code == 200, (user, url)

    def test_an_outsider_gets_404_for_every_clinic_a_url(self):
        self.login(self.charlie)
        for url in [u for u in self.get_urls() if any(ch.isdigit() for ch in u)]:
            assert self.client.get(url).status_code == 404, url
        for url in self.post_urls():
            assert self.client.post(url, self.data()).status_code == 404, url
        self.assert_unchanged()

    def test_an_outsiders_own_calendar_shows_nothing_of_clinic_a(self):
        self.login(self.charlie)
        response = self.client.get("/schedule/", {"clinician": self.alice.pk})
        assert response.status_code == 200 and "Grace Hopper" not in response.content.decode()
        assert response.context["clinician"] != self.alice

    def test_an_outsiders_queue_has_no_clinic_a_requests(self):
        self.login(self.charlie)
        assert list(self.client.get("/schedule/requests/").context["page"].object_list) == []

    def test_a_patient_gets_404_on_every_staff_page(self):
        self.login(self.penny)
        urls = self.get_urls() + ["/schedule/types/", "/schedule/clinic/", "/schedule/clinic/logo"]
        for url in urls:
            assert self.client.get(url).status_code == 404, url
        for url in self.post_urls():
            assert self.client.post(url, self.data()).status_code == 404, url
        self.assert_unchanged()

    def test_anonymous_visitors_are_sent_to_log_in(self):
        response = self.client.get("/schedule/")
        assert response.status_code == 302 and "/login/" in response["Location"]

    def test_the_book_link_is_on_the_patient_page(self):
        self.login(self.bob)
        body = self.client.get(f"/patients/{self.patient.uuid}/").content.decode()
        assert f"/schedule/book/?patient={self.patient.uuid}" in body
