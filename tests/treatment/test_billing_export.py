"""The billing export: the clinic's sessions in a date range as CSV, for clinicians and clinic
admins, audited."""

import csv
import io
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

from django.test import override_settings
from django.utils import timezone

from taut.audit.models import AuditEntry
from taut.exams.models import Diagnosis
from taut.treatment import billing_csv, rules
from taut.treatment.models import TreatmentSession
from tests.episodes.factories import make_episode
from tests.exams.factories import make_assessment
from tests.factories import make_patient
from tests.treatment.base import SessionTestCase
from tests.treatment.factories import make_session

URL = "/billing/export.csv"


def at(day: str):
    return timezone.make_aware(datetime.fromisoformat(f"{day} 10:00"))


class BillingExportTests(SessionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.patient.chart_number = "NS-0042"
        cls.patient.save()
        assessed = make_assessment(cls.episode, cls.alice, performed_at=at("2026-03-01"))
        Diagnosis.objects.create(assessment=assessed, code="M79.12")
        cls.three = make_session(
            cls.episode, cls.alice, performed_at=at("2026-03-10"),
            needled=["temporalis", "masseter_superficial", "sternocleidomastoid_sternal",
                     "sternocleidomastoid_clavicular"],
        )  # fmt: skip
        cls.none = make_session(cls.episode, cls.alice, performed_at=at("2026-03-20"))
        cls.april = make_session(
            cls.episode, cls.alice, performed_at=at("2026-04-02"), needled=["temporalis"]
        )
        elsewhere = make_patient(cls.other_clinic, "Barbara", "Liskov")
        make_session(make_episode(elsewhere, cls.charlie), cls.charlie, needled=["temporalis"],
                     performed_at=at("2026-03-12"))  # fmt: skip

    def export(self, user, **params):
        self.login(user)
        return self.client.get(URL, params)

    def rows(self, response) -> list[list[str]]:
        return list(csv.reader(io.StringIO(response.content.decode())))

    def test_the_csv_lists_the_clinics_sessions_of_the_range(self):
        response = self.export(self.alice, **{"from": "2026-03-01", "to": "2026-03-31"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "billing-2026-03-01-to-2026-03-31.csv" in response["Content-Disposition"]
        assert self.rows(response) == [
            ["date", "chart number", "patient", "clinician", "CPT code", "muscles",
             "diagnosis codes"],
            ["2026-03-10", "NS-0042", "Grace Hopper", "Alice", "20561", "3", "M79.12"],
            ["2026-03-20", "NS-0042", "Grace Hopper", "Alice", "", "0", "M79.12"],
        ]  # fmt: skip

    def test_the_export_is_audited(self):
        self.export(self.alice, **{"from": "2026-03-01", "to": "2026-04-30"})
        entry = AuditEntry.objects.get(action="export")
        assert (entry.user_id, entry.clinic_id) == (self.alice.pk, self.clinic.pk)
        assert entry.detail == {
            "export": "billing", "from": "2026-03-01", "to": "2026-04-30", "sessions": 3,
            "patients": [self.patient.pk],
        }  # fmt: skip

    def test_by_default_it_covers_this_month(self):
        today = timezone.localdate()
        make_session(self.episode, self.alice, needled=["temporalis"])
        make_session(self.episode, self.alice, performed_at=timezone.now() - timedelta(days=40))
        rows = self.rows(self.export(self.alice))
        assert [r[0] for r in rows[1:]] == [f"{today:%Y-%m-%d}"]

    def test_a_clinic_admin_may_export(self):
        response = self.export(self.carol, **{"from": "2026-03-01", "to": "2026-03-31"})
        assert response.status_code == 200 and len(self.rows(response)) == 3

    def test_the_front_desk_may_not(self):
        assert self.export(self.bob).status_code == 403
        assert not AuditEntry.objects.filter(action="export").exists()

    def test_an_outsider_exports_only_their_own_clinic(self):
        rows = self.rows(self.export(self.charlie, **{"from": "2026-03-01", "to": "2026-03-31"}))
        assert [r[2] for r in rows[1:]] == ["Barbara Liskov"]

    def test_a_patient_gets_404(self):
        assert self.export(self.penny).status_code == 404

    def test_a_bad_range_is_refused_on_the_exports_page_with_the_range_kept(self):
        for params, why in (({"from": "March"}, "Enter a valid date."),
                            ({"from": "2026-04-01", "to": "2026-03-01"},
                             "The range starts after it ends.")):  # fmt: skip
            response = self.export(self.alice, **params)
            assert response.status_code == 400, params
            self.assertContains(response, f"Give the range as two dates. {why}", status_code=400)
            kept = f'name="from" value="{params["from"]}" autofocus>'  # focus where to correct it
            self.assertContains(response, kept, status_code=400)
            self.assertContains(response, "Download billing lines", status_code=400)
        assert not AuditEntry.objects.filter(action="export").exists()

    def test_a_name_that_looks_like_a_formula_is_not_run_by_a_spreadsheet(self):
        self.patient.family_name = "=HYPERLINK(1)"
        self.patient.save()
        rows = self.rows(self.export(self.alice, **{"from": "2026-03-01", "to": "2026-03-31"}))
        assert rows[1][2] == "Grace =HYPERLINK(1)"
        self.patient.given_name = "+Grace"
        self.patient.save()
        rows = self.rows(self.export(self.alice, **{"from": "2026-03-01", "to": "2026-03-31"}))
        assert rows[1][2] == "'+Grace =HYPERLINK(1)"

    def test_each_visit_carries_the_diagnoses_in_force_that_day(self):
        later = make_assessment(self.episode, self.alice, performed_at=at("2026-03-25"))
        Diagnosis.objects.create(assessment=later, code="M79.18")
        rows = self.rows(self.export(self.alice, **{"from": "2026-03-01", "to": "2026-04-30"}))
        by_date = {row[0]: row[6] for row in rows[1:]}
        assert by_date == {"2026-03-10": "M79.12", "2026-03-20": "M79.12", "2026-04-02": "M79.18"}

    def test_a_later_assessment_without_diagnoses_leaves_the_later_visits_without_codes(self):
        later = make_assessment(self.episode, self.alice, performed_at=at("2026-03-25"))
        Diagnosis.objects.create(assessment=later, code="M79.18")
        Diagnosis.objects.create(assessment=later, code="M62.838")
        make_assessment(self.episode, self.alice, performed_at=at("2026-04-01"))
        rows = self.rows(self.export(self.alice, **{"from": "2026-03-01", "to": "2026-04-30"}))
        by_date = {row[0]: row[6] for row in rows[1:]}
        assert by_date == {"2026-03-10": "M79.12", "2026-03-20": "M79.12", "2026-04-02": ""}

    def test_the_lines_from_values_are_the_lines_from_models(self):
        # The export reads plain values (taut.treatment.billing_csv); its lines must be the
        # ones the session page and the sessions export make from models.
        sessions = TreatmentSession.objects.filter(clinic=self.clinic)
        from_models = rules.billing_lines(sessions.prefetch_related("needlings").order_by("pk"))
        from_values = rules.billing_lines(sorted(billing_csv.visits(sessions), key=lambda v: v.pk))
        keys = ("cpt_code", "muscles", "diagnoses")
        assert len(from_values) == len(from_models) >= 3
        for model_line, value_line in zip(from_models, from_values, strict=True):
            assert value_line["session"].pk == model_line["session"].pk
            assert [value_line[k] for k in keys] == [model_line[k] for k in keys]
        assert {line["cpt_code"] for line in from_values} == {"20561", "20560", ""}


@override_settings(TIME_ZONE="America/New_York")
class BillingExportEdgesTests(SessionTestCase):
    """The range is of local dates: a visit late in the evening is on its local day, though
    it is the next day in UTC (and the range is read by instants, not by casting every row)."""

    def test_a_visit_belongs_to_its_local_day(self):
        zone = ZoneInfo("America/New_York")
        for moment in ("2026-03-09 23:50", "2026-03-10 00:10", "2026-03-10 23:30",
                       "2026-03-11 00:15"):  # fmt: skip
            made = datetime.fromisoformat(moment).replace(tzinfo=zone)
            make_session(self.episode, self.alice, performed_at=made)
        self.login(self.alice)
        with timezone.override(zone):
            response = self.client.get(URL, {"from": "2026-03-10", "to": "2026-03-10"})
        dates = [row[0] for row in csv.reader(io.StringIO(response.content.decode()))][1:]
        assert dates == ["2026-03-10", "2026-03-10"]


class BillingLimitTests(SessionTestCase):
    def test_a_range_of_more_sessions_than_the_limit_is_refused_with_a_message(self):
        for day in ("2026-03-10", "2026-03-11"):
            make_session(self.episode, self.alice, performed_at=at(day))
        self.login(self.alice)
        with mock.patch.object(billing_csv, "LIMIT", 1):
            refused = self.client.get(URL, {"from": "2026-03-01", "to": "2026-03-31"})
            one_day = self.client.get(URL, {"from": "2026-03-10", "to": "2026-03-10"})
        self.assertContains(
            refused, "This range holds 2 sessions; the billing export writes at most 1 at a time. "
            "Choose a shorter range.", status_code=400,
        )  # fmt: skip
        self.assertContains(refused, 'name="to" value="2026-03-31"', status_code=400)
        assert one_day.status_code == 200 and one_day.content.decode().count("\n") == 2
        [audited] = AuditEntry.objects.filter(action="export").values_list("detail", flat=True)
        assert audited["sessions"] == 1
