"""Clinic admins set the public page: name, contact, hours, about, logo, published."""

from django.core.files.uploadedfile import SimpleUploadedFile

from taut.clinics.models import Clinic
from taut.scheduling.logo import MAX_BYTES
from tests.base import ClinicTestCase
from tests.scheduling.factories import image_bytes

URL = "/schedule/clinic/"


class ClinicSettingsTests(ClinicTestCase):
    def data(self, **changes):
        data = {
            "name": "Northside Physio", "phone": "202 555 0100", "email": "hi@example.org",
            "address": "1 Main Street", "hours": "Mon–Fri 8–18", "about": "Neck and back pain.",
            "is_published": "on",
        }  # fmt: skip
        # the version the settings page was loaded at
        data["version"] = Clinic.objects.get(pk=self.clinic.pk).version
        return {**data, **changes}

    def test_only_a_clinic_admin_may_open_it(self):
        for user, status in ((self.alice, 403), (self.bob, 403), (self.carol, 200)):
            self.login(user)
            assert self.client.get(URL).status_code == status

    def test_an_admin_saves_the_details_and_a_logo(self):
        self.login(self.carol)
        logo = SimpleUploadedFile("logo.png", image_bytes(), content_type="image/png")
        response = self.client.post(URL, self.data(logo_file=logo))
        self.assertRedirects(response, URL)
        clinic = Clinic.objects.get(pk=self.clinic.pk)
        assert clinic.name == "Northside Physio" and clinic.phone == "+12025550100"
        assert clinic.is_published and clinic.logo_type == "image/png"
        assert bytes(clinic.logo) == image_bytes()
        assert self.client.get(URL + "logo").status_code == 200

    def test_pages_read_the_clinic_without_its_logo_and_a_save_keeps_it(self):
        """Every request reads the user's clinics; a logo of up to 1 MB is read only where it
        is shown, and saving the other settings leaves it as it was."""
        Clinic.objects.filter(pk=self.clinic.pk).update(logo=image_bytes(), logo_type="image/png")
        self.login(self.carol)
        assert "logo" in self.client.get("/").wsgi_request.clinic.get_deferred_fields()
        assert b"The current logo" in self.client.get(URL).content
        self.assertRedirects(self.client.post(URL, self.data(name="Northside Physio")), URL)
        clinic = Clinic.objects.get(pk=self.clinic.pk)
        assert clinic.name == "Northside Physio" and bytes(clinic.logo) == image_bytes()
        assert self.client.get(URL + "logo").content == image_bytes()

    def test_a_jpeg_logo_is_taken_as_jpeg(self):
        self.login(self.carol)
        logo = SimpleUploadedFile("logo.jpg", image_bytes("JPEG"), content_type="image/jpeg")
        self.client.post(URL, self.data(logo_file=logo))
        assert Clinic.objects.get(pk=self.clinic.pk).logo_type == "image/jpeg"

    def assert_logo_refused(self, upload, message):
        self.login(self.carol)
        response = self.client.post(URL, self.data(logo_file=upload))
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors["logo_file"])
        clinic = Clinic.objects.get(pk=self.clinic.pk)
        assert clinic.logo is None and clinic.name == "Northside"  # nothing half-saved

    def test_a_file_that_is_not_an_image_is_refused(self):
        self.assert_logo_refused(SimpleUploadedFile("logo.png", b"not an image"), "not an image")

    def test_an_svg_is_refused(self):
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        self.assert_logo_refused(SimpleUploadedFile("logo.svg", svg), "not an image")

    def test_a_logo_over_1_mb_is_refused(self):
        big = SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * MAX_BYTES)
        self.assert_logo_refused(big, "the limit is 1 MB")

    def test_a_logo_can_be_removed(self):
        Clinic.objects.filter(pk=self.clinic.pk).update(logo=image_bytes(), logo_type="image/png")
        self.login(self.carol)
        self.client.post(URL, self.data(remove_logo="on"))
        assert Clinic.objects.get(pk=self.clinic.pk).logo is None

    def test_publishing_needs_a_phone_number(self):
        self.login(self.carol)
        response = self.client.post(URL, self.data(phone=""))
        assert "before publishing" in " ".join(response.context["form"].errors["phone"])
        assert not Clinic.objects.get(pk=self.clinic.pk).is_published

    def test_a_bad_phone_is_refused(self):
        self.login(self.carol)
        response = self.client.post(URL, self.data(phone="123"))
        assert "phone" in response.context["form"].errors

    def test_the_change_is_audited(self):
        from taut.audit.models import AuditEntry

        self.login(self.carol)
        self.client.post(URL, self.data())
        assert AuditEntry.objects.filter(action="change", object_type="clinics.clinic").exists()

    def test_the_admin_sets_the_online_cancellation_notice(self):
        self.login(self.carol)
        self.client.post(URL, self.data(cancel_notice_hours="48"))
        assert Clinic.objects.get(pk=self.clinic.pk).cancel_notice_hours == 48
        body = self.client.post(URL, self.data(cancel_notice_hours="999")).content.decode()
        assert "two weeks" in body or "less than or equal to 336" in body
        assert Clinic.objects.get(pk=self.clinic.pk).cancel_notice_hours == 48
