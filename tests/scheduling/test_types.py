"""Clinic admins keep the list of appointment types; a type is deactivated, never deleted."""

from taut.scheduling.models import AppointmentType
from tests.base import ClinicTestCase
from tests.scheduling.factories import make_type

URL = "/schedule/types/"


class TypeTests(ClinicTestCase):
    def test_only_a_clinic_admin_manages_types(self):
        kind = make_type(self.clinic)
        for user in (self.alice, self.bob):
            self.login(user)
            assert self.client.get(URL).status_code == 403
            assert self.client.post(f"{URL}{kind.pk}/active/").status_code == 403
        assert AppointmentType.objects.get(pk=kind.pk).is_active

    def test_an_admin_adds_a_type(self):
        self.login(self.carol)
        data = {"name": "Re-assessment", "kind": "reassessment", "minutes": "45"}
        self.assertRedirects(self.client.post(URL, data), URL)
        added = AppointmentType.objects.get(clinic=self.clinic)
        assert (added.name, added.kind, added.minutes) == ("Re-assessment", "reassessment", 45)

    def test_bad_input_is_refused_clearly(self):
        make_type(self.clinic, "Treatment")
        self.login(self.carol)
        response = self.client.post(URL, {"name": "treatment", "kind": "spa", "minutes": "2"})
        errors = response.context["form"].errors
        assert "already has a type" in errors["name"][0]
        assert set(errors) == {"name", "kind", "minutes"}
        assert AppointmentType.objects.count() == 1

    def test_deactivating_and_offering_again(self):
        kind = make_type(self.clinic)
        self.login(self.carol)
        self.client.post(f"{URL}{kind.pk}/active/")
        assert not AppointmentType.objects.get(pk=kind.pk).is_active
        self.client.post(f"{URL}{kind.pk}/active/")
        assert AppointmentType.objects.get(pk=kind.pk).is_active

    def test_editing_a_type(self):
        kind = make_type(self.clinic, minutes=45)
        self.login(self.carol)
        self.client.post(
            f"{URL}{kind.pk}/",
            {"name": "Treatment", "kind": "treatment", "minutes": "30", "version": kind.version},
        )
        assert AppointmentType.objects.get(pk=kind.pk).minutes == 30

    def test_another_clinics_type_is_404(self):
        theirs = make_type(self.other_clinic)
        self.login(self.carol)
        assert self.client.get(f"{URL}{theirs.pk}/").status_code == 404
        assert self.client.post(f"{URL}{theirs.pk}/active/").status_code == 404
        assert AppointmentType.objects.get(pk=theirs.pk).is_active
