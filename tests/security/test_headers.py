"""Every page Taut renders is kept out of caches and runs only Taut's own scripts."""

import re
from pathlib import Path

from taut.api import tokens
from tests.base import ClinicTestCase

TEMPLATES = Path(__file__).resolve().parents[2] / "taut"


class CacheHeaderTests(ClinicTestCase):
    def test_a_patient_page_is_never_stored(self):
        self.login(self.alice)
        response = self.client.get(f"/patients/{self.patient.uuid}/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("private", response["Cache-Control"])

    def test_the_portal_is_never_stored(self):
        self.login(self.penny)
        response = self.client.get("/my/")
        self.assertIn("no-store", response["Cache-Control"])

    def test_an_api_answer_is_never_stored(self):
        secret = tokens.issue(self.alice, self.clinic, "t")[1]
        response = self.client.get(
            "/api/v1/patients", headers={"Authorization": f"Bearer {secret}"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])

    def test_logging_out_clears_the_browsers_cache_of_taut(self):
        self.login(self.alice)
        response = self.client.post("/logout/")
        self.assertEqual(response["Clear-Site-Data"], '"cache", "storage"')

    def test_the_login_page_is_never_stored(self):
        response = self.client.get("/login/")
        self.assertIn("no-store", response["Cache-Control"])


class ContentSecurityPolicyTests(ClinicTestCase):
    def policy(self, path="/login/"):
        self.login(self.alice)
        header = self.client.get(path)["Content-Security-Policy"]
        return dict(
            (part.split()[0], part.split()[1:]) for part in header.split(";") if part.strip()
        )

    def test_scripts_run_only_from_taut_itself(self):
        policy = self.policy(f"/patients/{self.patient.uuid}/")
        self.assertEqual(policy["script-src"], ["'self'"])
        self.assertEqual(policy["object-src"], ["'none'"])
        self.assertEqual(policy["frame-ancestors"], ["'none'"])
        self.assertEqual(policy["base-uri"], ["'none'"])

    def test_inline_styles_need_the_pages_nonce(self):
        self.login(self.alice)
        response = self.client.get(f"/patients/{self.patient.uuid}/")
        header = response["Content-Security-Policy"]
        self.assertNotIn("'unsafe-inline'", header.split("style-src-attr")[0])

    def test_other_headers(self):
        response = self.client.get("/login/")
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(response["Referrer-Policy"], "same-origin")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("camera=()", response["Permissions-Policy"])


class NoInlineScriptTests(ClinicTestCase):
    """The policy forbids inline scripts, so no template may carry one: it would not run."""

    def test_no_template_has_an_inline_script_or_handler(self):
        offenders = []
        for path in TEMPLATES.rglob("*.html"):
            text = path.read_text()
            if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
                offenders.append(f"{path}: inline <script>")
            if re.search(r"\son[a-z]+\s*=", text):
                offenders.append(f"{path}: on…= handler")
            if re.search(r"<style(?![^>]*nonce=)[^>]*>", text) and "document" not in path.name:
                offenders.append(f"{path}: <style> without the nonce")
        self.assertEqual(offenders, [])

    def test_a_404_is_also_never_stored(self):
        self.login(self.alice)
        response = self.client.get("/patients/00000000-0000-0000-0000-000000000000/")
        self.assertEqual(response.status_code, 404)
        self.assertIn("no-store", response["Cache-Control"])
