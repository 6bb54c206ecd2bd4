"""Outsiders: nobody reaches another clinic's patients, and a patient reaches only their own."""

from taut.clinics.roles import Role
from tests.base import ClinicTestCase
from tests.factories import make_note, make_patient


class OutsiderTests(ClinicTestCase):
    def clinic_a_urls(self):
        p, n = self.patient.uuid, self.note.pk
        return {
            "get": [
                f"/patients/{p}/", f"/patients/{p}/edit/", f"/patients/{p}/notes/new/",
                f"/patients/{p}/notes/{n}/", f"/patients/{p}/portal/invite/",
                f"/patients/{p}/history/",
            ],
            "post": [
                f"/patients/{p}/edit/", f"/patients/{p}/archive/", f"/patients/{p}/restore/",
                f"/patients/{p}/notes/new/", f"/patients/{p}/portal/invite/",
                f"/patients/{p}/portal/code/",
            ],
        }  # fmt: skip

    def test_a_clinician_of_clinic_b_gets_404_for_every_url_of_clinic_a(self):
        self.login(self.charlie)
        urls = self.clinic_a_urls()
        for url in urls["get"]:
            assert self.client.get(url).status_code == 404, url
        for url in urls["post"]:
            assert self.client.post(url, {"title": "x", "text": "y"}).status_code == 404, url
        self.patient.refresh_from_db()
        assert not self.patient.is_archived and self.patient.notes.count() == 1

    def test_clinic_b_lists_and_searches_only_its_own_patients(self):
        make_patient(self.other_clinic, "Barbara", "Liskov")
        self.login(self.charlie)
        listed = self.client.get("/patients/", {"q": ""}).context["page"].items
        assert [p.full_name for p in listed] == ["Barbara Liskov"]
        found = self.client.get("/patients/", {"q": "hopper"}).context["page"].items
        assert list(found) == []

    def test_a_note_is_not_reachable_through_another_patients_url(self):
        other = make_patient(self.clinic, "Alan", "Turing")
        self.login(self.alice)
        assert self.client.get(f"/patients/{other.uuid}/notes/{self.note.pk}/").status_code == 404

    def test_a_person_in_two_clinics_sees_the_one_they_chose(self):
        from taut.clinics.models import Membership

        Membership.objects.create(user=self.charlie, clinic=self.clinic, role=Role.CLINICIAN)
        self.login(self.charlie)
        self.client.post("/clinic/switch/", {"clinic": self.clinic.pk})
        assert self.client.get(f"/patients/{self.patient.uuid}/").status_code == 200
        self.client.post("/clinic/switch/", {"clinic": self.other_clinic.pk})
        assert self.client.get(f"/patients/{self.patient.uuid}/").status_code == 404

    def test_nobody_switches_to_a_clinic_they_do_not_belong_to(self):
        self.login(self.charlie)
        assert self.client.post("/clinic/switch/", {"clinic": self.clinic.pk}).status_code == 404
        assert self.client.post("/clinic/switch/", {"clinic": "x"}).status_code == 404


class PatientPortalTests(ClinicTestCase):
    def test_a_patient_sees_only_their_own_record(self):
        make_note(self.portal_patient, self.alice, "Private chart note", "Clinician only.")
        self.login(self.penny)
        response = self.client.get("/my/")
        assert response.status_code == 200
        body = response.content.decode()
        assert "Penny Lane" in body and "Grace Hopper" not in body
        assert "Private chart note" not in body

    def test_a_patient_cannot_open_staff_pages(self):
        self.login(self.penny)
        own, other = self.portal_patient.uuid, self.patient.uuid
        for url in (
            "/patients/", f"/patients/{own}/", "/audit/",
            f"/patients/{other}/", f"/patients/{other}/notes/{self.note.pk}/",
        ):  # fmt: skip
            assert self.client.get(url).status_code == 404, url

    def test_a_staff_login_without_a_record_has_no_portal(self):
        self.login(self.alice)
        assert self.client.get("/my/").status_code == 404


def patient_routes(patterns=None, prefix=""):
    """Every URL route that names a patient (`<uuid:uuid>`), walked from the URL tree."""
    from django.urls import URLPattern, URLResolver, get_resolver

    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from patient_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and "<uuid:uuid>" in route:
            yield route


class EveryPatientUrlTests(ClinicTestCase):
    """Not a list kept by hand: every route under a patient, with clinic A's patient and
    episode in it, answers 404 to clinic B and to a patient login, for GET and POST (or 405
    where the view takes only the other method: it then reads nothing)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from tests.measures.factories import make_episode

        cls.episode = make_episode(cls.patient, cls.alice)

    def urls(self):
        import re

        values = {"uuid": self.patient.uuid, "episode": self.episode.pk, "instrument": "ndi"}

        def fill(match):
            return str(values.get(match.group(2), 1))

        routes = sorted(set(patient_routes()))
        assert len(routes) > 30  # the walk found the record's pages
        return ["/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, r).replace("\\", "") for r in routes]

    def test_clinic_b_gets_404_on_every_patient_url_of_clinic_a(self):
        self.login(self.charlie)
        for url in self.urls():
            assert self.client.get(url).status_code in (404, 405), url
            assert self.client.post(url, {"x": "1"}).status_code in (404, 405), url

    def test_a_patient_login_gets_404_on_every_staff_patient_url(self):
        self.login(self.penny)
        for url in self.urls():
            assert self.client.get(url).status_code in (404, 405), url
            assert self.client.post(url, {"x": "1"}).status_code in (404, 405), url
