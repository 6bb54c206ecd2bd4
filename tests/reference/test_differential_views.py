"""The differential page's endpoint: evidence in, ranked trigger points out; bad input is 422."""

import json

from tests.base import ClinicTestCase

URL = "/reference/differential/run/"
UPPER_TRAP = ["posterolateral_neck_r", "mastoid_r", "temple_r", "jaw_angle_r"]


class DifferentialEndpointTests(ClinicTestCase):
    def setUp(self):
        self.login(self.alice)

    def post(self, payload, raw=None):
        body = raw if raw is not None else json.dumps(payload)
        return self.client.post(URL, body, content_type="application/json")

    def test_it_ranks_and_adds_each_candidates_overlay(self):
        answer = self.post({"regions": UPPER_TRAP, "top": 5}).json()
        top = answer["candidates"][0]
        assert (top["muscle"], top["side"]) == ("upper_trapezius", "right")
        assert top["overlay"]["temple_r"] == "essential"
        assert answer["explanation"][0]["trigger_point"] == "upper_trapezius_tp1"
        assert len(answer["candidates"]) == 5

    def test_the_page_renders_the_body_map(self):
        body = self.client.get("/reference/differential/").content.decode()
        assert "data-bodymap" in body and 'data-region="temple_r"' in body

    def test_unknown_regions_are_422_with_suggestions(self):
        response = self.post({"regions": ["tempel_r"]})
        assert response.status_code == 422
        assert response.json()["unknown"][0]["closest"][0] == "temple_r"

    def test_malformed_input_is_422_not_500(self):
        for raw in ("{", "[]", '{"regions": "temple_r"}', '{"regions": [{"id": "temple_r", '
                    '"intensity": 11}]}', b"\xff\xfe"):  # fmt: skip
            response = self.post(None, raw=raw)
            assert response.status_code == 422, raw
            assert response.json()["error"]

    def test_it_needs_a_post(self):
        assert self.client.get(URL).status_code == 405

    def test_a_patient_login_cannot_use_it(self):
        self.login(self.penny)
        assert self.post({"regions": UPPER_TRAP}).status_code == 404
