"""The OpenAPI schema tells the truth: what it documents is what the API answers."""

from taut.api.main import api
from tests.api.base import ApiTestCase


def operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


class SchemaTruthTests(ApiTestCase):
    def test_every_operation_documents_401_and_every_one_with_input_422(self):
        missing = []
        for path, method, operation in operations():
            documented = {str(code) for code in operation["responses"]}
            takes_input = operation.get("parameters") or "requestBody" in operation
            for status in ("401", "422") if takes_input else ("401",):
                if status not in documented:
                    missing.append(f"{method.upper()} {path} {status}")
        assert missing == []

    def test_every_operation_with_a_body_documents_400(self):
        missing = [
            f"{method.upper()} {path}"
            for path, method, operation in operations()
            if "requestBody" in operation
            and "400" not in {str(code) for code in operation["responses"]}
        ]
        assert missing == []

    def test_a_patch_with_an_array_body_answers_422_and_changes_nothing(self):
        url = f"/api/v1/patients/{self.patient.uuid}"
        for body in ([], [{"given_name": "Mallory"}], 5, "null", '"text"'):
            response = self.api("patch", url, body=body)
            assert response.status_code == 422, body
            assert response.json()["detail"][0]["msg"].endswith("The body must be a JSON object.")
        self.patient.refresh_from_db()
        assert self.patient.given_name == "Grace"

    def test_a_body_that_is_not_json_answers_400(self):
        response = self.api("patch", f"/api/v1/patients/{self.patient.uuid}", body="{bad")
        assert response.status_code == 400

    def test_an_empty_fhir_import_answers_400(self):
        for body in ("", "\n  \n"):
            response = self.client.post(
                "/api/v1/fhir/Patient/$import", body, content_type="application/fhir+ndjson",
                headers={"Authorization": f"Bearer {self.tokens['alice']}"},
            )  # fmt: skip
            assert response.status_code == 400
            assert "The body is empty" in response.json()["detail"]

    def test_no_token_answers_401(self):
        assert self.client.get("/api/v1/patients").status_code == 401
