"""The clinic's public page and its appointment request form; no login needed."""

from datetime import timedelta

from django.utils import timezone

from taut.scheduling.models import AppointmentRequest
from tests.base import ClinicTestCase
from tests.scheduling.factories import image_bytes, make_type


class PublicTestCase(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.clinic.phone, cls.clinic.is_published = "+12025550100", True
        cls.clinic.address, cls.clinic.hours = "1 Main Street", "Mon–Fri 8–18"
        cls.clinic.save()
        make_type(cls.clinic, "Initial assessment", 60, kind="initial")
        cls.page = f"/c/{cls.clinic.slug}/"

    def form_data(self, **changes):
        day = timezone.localdate() + timedelta(days=2)
        data = {
            "name": "Ada Byron", "phone": "(202) 555-0142", "email": "", "kind": "initial",
            "preferred_date": day.isoformat(), "preferred_time": "morning",
            "message": "Sore neck", "website": "",
        }  # fmt: skip
        return {**data, **changes}


class PageTests(PublicTestCase):
    def test_it_shows_the_clinic_a_call_button_and_the_sections(self):
        body = self.client.get(self.page).content.decode()
        assert 'href="tel:+12025550100"' in body and "+1 202-555-0100" in body
        assert "1 Main Street" in body and "Mon–Fri 8–18" in body
        headings = (
            "What trigger points are", "What dry needling is", "Benefits and risks",
            "Aftercare", "When to get emergency help", "Questions people ask",
        )  # fmt: skip
        for heading in headings:
            assert heading in body, heading
        assert "Initial assessment: about 60 minutes" in body

    def test_every_figure_has_its_source_listed(self):
        body = self.client.get(self.page).content.decode()
        for figure, source in (("7,629", "Brady S"), ("37%", "Boyce D")):
            assert figure in body and source in body

    def test_it_has_no_staff_navigation(self):
        self.login(self.alice)
        assert "Log out" not in self.client.get(self.page).content.decode()

    def test_an_unpublished_or_unknown_clinic_is_404(self):
        assert self.client.get(f"/c/{self.other_clinic.slug}/").status_code == 404
        assert self.client.get(f"/c/{self.other_clinic.slug}/request/").status_code == 404
        assert self.client.get("/c/no-such-clinic/").status_code == 404

    def test_the_logo_is_served_when_there_is_one(self):
        assert self.client.get(self.page + "logo").status_code == 404
        self.clinic.logo, self.clinic.logo_type = image_bytes(), "image/png"
        self.clinic.save()
        response = self.client.get(self.page + "logo")
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert f'src="{self.page}logo' in self.client.get(self.page).content.decode()


class RequestFormTests(PublicTestCase):
    def post(self, **changes):
        return self.client.post(self.page + "request/", self.form_data(**changes))

    def test_a_good_request_lands_in_the_queue_with_the_phone_in_e164(self):
        self.assertRedirects(self.post(), self.page + "request/thanks/")
        sent = AppointmentRequest.objects.get()
        assert (sent.clinic, sent.phone, sent.status) == (self.clinic, "+12025550142", "new")
        assert sent.message == "Sore neck"

    def assert_refused(self, field, message, **changes):
        response = self.post(**changes)
        assert response.status_code == 200 and not AppointmentRequest.objects.exists()
        form = response.context["form"]
        assert message in " ".join(form.errors[field]), form.errors
        assert form["name"].value() == changes.get("name", "Ada Byron")  # nothing typed is lost
        assert form["message"].value() == "Sore neck"

    def test_a_past_date_is_refused(self):
        past = (timezone.localdate() - timedelta(days=1)).isoformat()
        self.assert_refused("preferred_date", "has passed", preferred_date=past)

    def test_an_unknown_kind_is_refused(self):
        self.assert_refused("kind", "Select a valid choice", kind="massage")

    def test_a_missing_phone_is_refused(self):
        self.assert_refused("phone", "required", phone="")

    def test_a_wrong_phone_is_refused(self):
        self.assert_refused("phone", "not a valid phone number", phone="12345")

    def test_a_missing_name_is_refused(self):
        self.assert_refused("name", "required", name="  ")

    def test_the_page_says_how_many_fields_need_attention(self):
        body = self.post(phone="", kind="").content.decode()
        assert "check the 2 fields" in body and "Everything you typed is still here" in body

    def test_a_robot_filling_the_hidden_field_is_thanked_but_nothing_is_stored(self):
        self.assertRedirects(
            self.post(website="http://spam.example"), self.page + "request/thanks/"
        )
        assert not AppointmentRequest.objects.exists()

    def test_the_clinic_is_told_by_email_without_the_persons_details(self):
        from django.core import mail

        self.clinic.email = "desk@northside.invalid"
        self.clinic.save()
        with self.captureOnCommitCallbacks(execute=True):
            self.post()
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["desk@northside.invalid"]
        assert "/schedule/requests/" in mail.outbox[0].body
        assert "Ada" not in mail.outbox[0].body + mail.outbox[0].subject

    def test_a_fourth_waiting_request_from_one_phone_is_refused_with_the_clinic_number(self):
        for _ in range(3):
            self.assertRedirects(self.post(), self.page + "request/thanks/")
        response = self.post(name="Ada Again")
        assert response.status_code == 200 and AppointmentRequest.objects.count() == 3
        assert "3 requests from this number waiting" in " ".join(
            response.context["form"].errors["phone"]
        )
        assert "+1 202-555-0100" in response.content.decode()

    def test_the_form_needs_the_csrf_token(self):
        from django.test import Client

        strict = Client(enforce_csrf_checks=True)
        assert strict.post(self.page + "request/", self.form_data()).status_code == 403
        assert not AppointmentRequest.objects.exists()
