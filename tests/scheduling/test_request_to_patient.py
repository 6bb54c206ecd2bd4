"""An appointment request becomes a patient: details carried over, back to the request."""

from taut.patients.models import Patient
from taut.scheduling.models import RequestStatus
from tests.scheduling.factories import make_request
from tests.scheduling.test_views import ScheduleTestCase


class RequestToPatientTests(ScheduleTestCase):
    def setUp(self):
        self.req = make_request(self.clinic, "Ada King Byron", email="ada@example.org")
        self.url = f"/patients/new/?request={self.req.pk}"

    def test_the_form_is_filled_in_from_the_request(self):
        self.login(self.bob)
        initial = self.client.get(self.url).context["form"].initial
        assert initial == {"given_name": "Ada King", "family_name": "Byron",
                           "phone": "+12025550142", "email": "ada@example.org"}  # fmt: skip

    def test_saving_links_the_patient_and_returns_to_the_request(self):
        self.login(self.bob)
        data = {"given_name": "Ada", "family_name": "Byron", "date_of_birth": "1985-12-10",
                "phone": "+12025550142", "email": "ada@example.org", "sex": "female",
                "request": self.req.pk}  # fmt: skip
        response = self.client.post("/patients/new/", data)
        self.assertRedirects(response, f"/schedule/requests/{self.req.pk}/")
        self.req.refresh_from_db()
        assert self.req.patient == Patient.objects.get(family_name="Byron")
        assert self.req.status == RequestStatus.NEW  # still to book: nothing drops off the queue
        body = self.client.get(f"/schedule/requests/{self.req.pk}/").content.decode()
        assert f"patient={self.req.patient.uuid}" in body and "Book for Ada Byron" in body

    def test_a_refused_patient_form_links_nothing(self):
        self.login(self.bob)
        self.client.post("/patients/new/", {"given_name": "Ada", "request": self.req.pk})
        self.req.refresh_from_db()
        assert self.req.patient is None and not Patient.objects.filter(family_name="").exists()

    def test_a_handled_request_cannot_make_a_patient(self):
        self.req.status = RequestStatus.DECLINED
        self.req.save()
        self.login(self.bob)
        assert self.client.get(self.url).status_code == 404

    def test_the_outsider_gets_404(self):
        self.login(self.charlie)
        assert self.client.get(self.url).status_code == 404
