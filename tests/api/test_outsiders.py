"""Outsiders over the API: another clinic's token gets 404 on every object of this clinic, a
patient's token reaches only its own record, front desk is refused clinical content, and a
revoked token stops working at once."""

import re

from taut.api import tokens
from taut.api.models import ApiToken
from taut.clinics.models import Membership
from tests.api.base import ApiTestCase
from tests.factories import make_patient


class ApiOutsiderTests(ApiTestCase):
    def clinic_a_urls(self) -> dict[str, list[str]]:
        """Every object endpoint, at this clinic's objects."""
        p, e = f"/api/v1/patients/{self.patient.uuid}", self.episode_url()
        return {
            "get": [
                p, f"{p}/episodes", e,
                f"{e}/intakes", f"{e}/intakes/{self.intake.pk}",
                f"{e}/assessments", f"{e}/assessments/{self.assessment.pk}",
                f"{e}/sessions", f"{e}/sessions/{self.session.pk}",
                f"{e}/questionnaires", f"{e}/questionnaires/{self.response.pk}",
                f"{e}/plan", f"{e}/plans", f"{e}/plans/2",
                f"/api/v1/fhir/Patient/{self.patient.uuid}/$everything",
            ],
            "post": [f"{p}/episodes", f"{e}/intakes", f"{e}/questionnaires"],
            "patch": [p],
        }  # fmt: skip

    VALID_BODIES = {
        "episodes": {"title": "Outsider's episode", "body_area": "low_back"},
        "intakes": {"pain_now": 3, "pain_best": 1, "pain_worst": 5},
        "questionnaires": {"instrument": "nprs", "answers": [4]},
    }

    def body_for(self, url: str) -> dict:
        return self.VALID_BODIES[url.rsplit("/", 1)[-1]]

    def test_every_object_endpoint_of_the_schema_is_walked_here(self):
        from taut.api.main import api

        def template(url: str) -> str:
            url = url.replace(str(self.patient.uuid), "{uuid}")
            url = url.replace(f"/episodes/{self.episode.pk}", "/episodes/{episode}")
            url = url.replace("/plans/2", "/plans/{version}")
            return re.sub(r"/(intakes|assessments|sessions|questionnaires)/\d+$", r"/\1/{pk}", url)

        schema = api.get_openapi_schema()["paths"]
        expected = {(m, p) for p, ops in schema.items() if "{uuid}" in p for m in ops}
        walked = {(m, template(u)) for m, us in self.clinic_a_urls().items()
                  for u in us}  # fmt: skip
        assert walked == expected

    def test_a_token_of_clinic_b_gets_404_on_every_object_of_clinic_a(self):
        urls = self.clinic_a_urls()
        for url in urls["get"]:
            assert self.api("get", url, "charlie").status_code == 404, url
        for url in urls["post"]:
            assert self.api("post", url, "charlie", self.body_for(url)).status_code == 404, url
        for url in urls["patch"]:
            assert (
                self.api("patch", url, "charlie", {"given_name": "X", "version": 1}).status_code
                == 404
            ), url
        self.patient.refresh_from_db()
        assert self.patient.given_name == "Grace"
        assert self.episode.intakes.count() == 1 and self.episode.responses.count() == 1
        assert self.patient.episodes.count() == 1

    def test_clinic_b_lists_only_its_own_patients(self):
        make_patient(self.other_clinic, "Barbara", "Liskov")
        listed = self.api("get", "/api/v1/patients", "charlie").json()
        assert [p["family_name"] for p in listed["items"]] == ["Liskov"]
        found = self.api("get", "/api/v1/patients?q=hopper", "charlie").json()
        assert found["items"] == [] and found["next"] is None

    def test_a_patient_token_reaches_only_its_own_record(self):
        own = self.api("get", "/api/v1/patients", "penny").json()
        assert [p["uuid"] for p in own["items"]] == [str(self.portal_patient.uuid)]
        own_url = f"/api/v1/patients/{self.portal_patient.uuid}"
        assert self.api("get", own_url, "penny").json()["given_name"] == "Penny"
        assert self.api("get", f"/api/v1/patients/{self.patient.uuid}", "penny").status_code == 404
        for url in self.clinic_a_urls()["get"][1:]:
            assert self.api("get", url, "penny").status_code == 404, url
        assert (
            self.api("patch", own_url, "penny", {"given_name": "P", "version": 1}).status_code
            == 404
        )
        assert self.api("get", "/api/v1/kb/muscles", "penny").status_code == 404

    def test_front_desk_gets_403_on_clinical_endpoints(self):
        assert self.api("get", f"/api/v1/patients/{self.patient.uuid}", "bob").status_code == 200
        urls = self.clinic_a_urls()
        for url in urls["get"][1:]:
            assert self.api("get", url, "bob").status_code == 403, url
        for url in urls["post"]:
            assert self.api("post", url, "bob", self.body_for(url)).status_code == 403, url

    def test_an_admin_without_the_clinician_role_gets_403_on_clinical_endpoints(self):
        assert self.api("get", f"{self.episode_url()}/sessions", "carol").status_code == 403

    def test_a_revoked_token_gets_401_at_once(self):
        assert self.api("get", "/api/v1/patients").status_code == 200
        tokens.revoke(ApiToken.objects.get(user=self.alice))
        assert self.api("get", "/api/v1/patients").status_code == 401

    def test_no_token_or_a_wrong_one_gets_401(self):
        assert self.client.get("/api/v1/patients").status_code == 401
        secret = self.tokens["alice"]
        for wrong in (secret[:-1] + ("A" if secret[-1] != "A" else "B"), "taut_", "x" * 50):
            assert self.api("get", "/api/v1/patients", token=wrong).status_code == 401, wrong

    def test_a_logged_in_browser_session_is_not_a_token(self):
        self.login(self.alice)
        assert self.client.get("/api/v1/patients").status_code == 401

    def test_a_token_stops_working_when_its_membership_ends(self):
        Membership.objects.filter(user=self.alice).update(is_active=False)
        assert self.api("get", "/api/v1/patients").status_code == 401

    def test_a_token_acts_in_its_own_clinic_even_for_a_member_of_two(self):
        Membership.objects.create(user=self.charlie, clinic=self.clinic, role="clinician")
        url = f"/api/v1/patients/{self.patient.uuid}"
        assert self.api("get", url, "charlie").status_code == 404
        secret = tokens.issue(self.charlie, self.clinic, "Northside", scope="write")[1]
        assert self.api("get", url, token=secret).status_code == 200
