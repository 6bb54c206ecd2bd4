"""The exports page: clinicians choose rows, range and pseudonymisation and download a CSV;
nobody else may, and every export is audited."""

import csv
import io

from taut.audit.models import AuditEntry
from tests.exports.base import ExportTestCase

URL = "/exports/"


class ExportPageTests(ExportTestCase):
    def post(self, user, **data):
        self.login(user)
        return self.client.post(URL, {"kind": "sessions", **data})

    def rows(self, response) -> list[list[str]]:
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    def test_the_page_offers_the_choices(self):
        self.login(self.alice)
        response = self.client.get(URL)
        assert response.status_code == 200
        for label in ("Treatment sessions", "Outcomes", "From", "To", "Pseudonymise"):
            self.assertContains(response, label)

    def test_a_clinician_downloads_the_sessions_of_the_range(self):
        response = self.post(self.alice, start="2026-03-09", end="2026-03-10")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert 'filename="sessions-2026-03-09-to-2026-03-10.csv"' in response["Content-Disposition"]
        rows = self.rows(response)
        assert rows[0][:3] == ["patient", "chart number", "age at episode start"]
        assert [r[0] for r in rows[1:]] == ["Grace Hopper", "Ada Oldham"]

    def test_a_pseudonymised_download_names_no_one(self):
        response = self.post(self.alice, kind="outcomes", pseudonymise="on")
        assert "outcomes-all-pseudonymised.csv" in response["Content-Disposition"]
        text = response.content.decode("utf-8-sig")
        assert text.startswith("patient,age at episode start,sex,episode,body area")
        for identifier in self.identifiers():
            assert identifier not in text, identifier

    def test_the_export_is_audited(self):
        self.post(self.alice, pseudonymise="on", start="2026-03-01", end="2026-03-31")
        entry = AuditEntry.objects.get(action="export")
        assert (entry.user_id, entry.clinic_id) == (self.alice.pk, self.clinic.pk)
        assert entry.detail == {
            "export": "sessions", "from": "2026-03-01", "to": "2026-03-31", "rows": 3,
            "patients": sorted([self.patient.pk, self.elder.pk]), "pseudonymised": True,
        }  # fmt: skip

    def test_bad_input_is_explained_and_nothing_is_exported(self):
        cases = [
            ({"start": "March"}, "Enter a date as YYYY-MM-DD."),
            ({"start": "2026-04-01", "end": "2026-03-01"}, "The range starts after it ends."),
            ({"kind": "patients"}, "Choose what to export: sessions or outcomes."),
            ({"kind": ""}, "Choose what to export: sessions or outcomes."),
        ]
        for data, message in cases:
            response = self.post(self.alice, **data)
            assert response.status_code == 200, data
            self.assertContains(response, message)
        assert not AuditEntry.objects.filter(action="export").exists()

    def test_the_front_desk_and_a_non_treating_admin_are_refused(self):
        for user in (self.bob, self.carol):
            self.login(user)
            assert self.post(user).status_code == 403
        self.login(self.bob)
        assert self.client.get(URL).status_code == 403
        assert not AuditEntry.objects.filter(action="export").exists()

    def test_a_non_treating_admin_sees_only_the_billing_lines(self):
        self.login(self.carol)
        body = self.client.get(URL).content.decode()
        assert "Billing lines for the billing office" in body and "/billing/export.csv" in body
        assert "Pseudonymise" not in body and "Treatment sessions (one row" not in body

    def test_an_outsider_exports_only_their_own_clinic(self):
        for kind in ("sessions", "outcomes"):
            rows = self.rows(self.post(self.charlie, kind=kind))
            assert [r[0] for r in rows[1:]] == ["Barbara Liskov"], kind

    def test_a_patient_gets_404(self):
        self.login(self.penny)
        assert self.client.get(URL).status_code == 404

    def test_logged_out_visitors_are_sent_to_log_in(self):
        response = self.client.get(URL)
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        assert self.client.post(URL, {"kind": "sessions"}).status_code == 302
