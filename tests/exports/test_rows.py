"""The rows and columns of the sessions and outcomes exports, named and pseudonymised."""

import csv
import io
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from taut.exports import export
from taut.exports.identities import Pseudonymised
from taut.measures.models import OutcomeThreshold
from tests.exports.base import ExportTestCase, at
from tests.measures.factories import make_response
from tests.treatment.factories import make_session

PSEUDONYM = re.compile(r"^[PES]-[0-9a-f]{12}$")


def rows(result: export.Export) -> list[list]:
    return list(result.rows())


class SessionRowsTests(ExportTestCase):
    def build(self, **options):
        return export.build(self.clinic, "sessions", **options)

    def test_a_named_row_holds_the_session_its_codes_and_its_events(self):
        result = self.build()
        assert result.header == [
            "patient", "chart number", "age at episode start", "sex", "episode",
            "episode opened", "date", "clinician", "body area", "pain before", "pain after",
            "muscles needled", "needlings", "insertions", "twitch responses", "soft tissue",
            "CPT code", "muscles counted for CPT", "diagnoses (ICD-10-CM, latest assessment)",
            "adverse events",
        ]  # fmt: skip
        first, elder, second = rows(result)
        assert first == [
            "Grace Hopper", "NS-0042", 45, "female", "Neck pain", "2026-03-02", "2026-03-09",
            "Alice Abbott", "Head and neck", 6, 3,
            "Temporalis (left); Temporalis (right); Masseter, superficial layer (left)",
            3, 9, 3, "Soft tissue massage; Passive stretch",
            # Two muscles (temporalis counts once whatever the sides): 20560.
            "20560", 2, "M79.12", "Bruising (Mild)",
        ]  # fmt: skip
        assert elder[:7] == ["Ada Oldham", "NS-0007", 96, "unknown", "Low back", "2026-03-03",
                             "2026-03-10"]  # fmt: skip
        assert second[6] == "2026-03-23" and second[9:20] == [
            4, 2, "", 0, 0, 0, "", "", 0, "M79.12", ""
        ]  # fmt: skip

    def test_diagnoses_come_from_the_latest_assessment_not_earlier_ones(self):
        # The first assessment also coded M79.11; the latest one dropped it.
        assert {row[18] for row in rows(self.build())} == {"M79.12", ""}

    def test_the_range_includes_both_days(self):
        result = self.build(
            start=self.first.performed_at.date(), end=self.second.performed_at.date()
        )
        assert [row[6] for row in rows(result)] == ["2026-03-09", "2026-03-10", "2026-03-23"]
        result = self.build(start=self.first.performed_at.date().replace(day=10))
        assert [row[6] for row in rows(result)] == ["2026-03-10", "2026-03-23"]

    def test_the_file_is_named_for_its_range(self):
        names = [
            self.build().filename,
            self.build(start=date(2026, 3, 1), pseudonymise=True).filename,
            self.build(start=date(2026, 3, 1), end=date(2026, 3, 31)).filename,
        ]
        assert names == [
            "sessions-all.csv", "sessions-2026-03-01-to-latest-pseudonymised.csv",
            "sessions-2026-03-01-to-2026-03-31.csv",
        ]  # fmt: skip

    def test_only_the_clinics_own_sessions_are_exported(self):
        assert {row[0] for row in rows(self.build())} == {"Grace Hopper", "Ada Oldham"}
        other = export.build(self.other_clinic, "sessions")
        assert [row[0] for row in rows(other)] == ["Barbara Liskov"]

    def test_a_pseudonymised_row_has_codes_ages_and_days_instead(self):
        result = self.build(pseudonymise=True)
        assert result.header[:5] == ["patient", "age at episode start", "sex", "episode", "day"]
        first, elder, second = rows(result)
        patient, age, sex, episode, day, clinician, *clinical = first
        assert all(PSEUDONYM.match(code) for code in (patient, episode, clinician))
        assert (patient[0], episode[0], clinician[0]) == ("P", "E", "S")
        assert (age, sex, day) == ("45", "female", 7)
        assert clinical[:3] == ["Head and neck", 6, 3] and clinical[-2:] == [
            "M79.12",
            "Bruising (Mild)",
        ]
        assert second[0] == patient and second[3] == episode and second[4] == 21
        assert elder[0] != patient and elder[5] == clinician

    def test_ages_over_89_are_grouped_as_safe_harbor_requires(self):
        elder = rows(self.build(pseudonymise=True))[1]
        assert elder[1] == "90+"

    def test_pseudonymised_files_name_no_one(self):
        for kind in export.Kind.values:
            for clinic in (self.clinic, self.other_clinic):
                text = export.build(clinic, kind, pseudonymise=True).content().decode("utf-8-sig")
                for identifier in self.identifiers():
                    assert identifier not in text, (kind, identifier)
                # Free text (complaints, comments, adverse event details) is left out too.
                for free_text in ("Neck pain", "Low back", "husband", "Told"):
                    assert free_text not in text

    def test_pseudonyms_are_stable_across_exports(self):
        once = rows(self.build(pseudonymise=True))
        again = rows(self.build(pseudonymise=True, start=self.second.performed_at.date()))
        assert again[0][:6] == once[2][:6]
        outcomes = rows(export.build(self.clinic, "outcomes", pseudonymise=True))
        assert outcomes[0][0] == once[0][0] and outcomes[0][3] == once[0][3]

    def test_another_clinic_gets_unrelated_pseudonyms(self):
        here = Pseudonymised(self.clinic).patient(self.patient, self.episode)[0]
        there = Pseudonymised(self.other_clinic).patient(self.patient, self.episode)[0]
        assert here != there
        assert Pseudonymised(self.clinic).clinician(self.alice) != Pseudonymised(
            self.other_clinic
        ).clinician(self.alice)

    def test_pseudonyms_depend_on_the_deployments_secret(self):
        here = Pseudonymised(self.clinic).patient(self.patient, self.episode)[0]
        with override_settings(SECRET_KEY="another deployment's secret key, long enough"):
            assert Pseudonymised(self.clinic).patient(self.patient, self.episode)[0] != here

    def test_a_complaint_that_looks_like_a_formula_is_not_run(self):
        self.episode.title = '=HYPERLINK("http://x","click")'
        self.episode.save()
        self.alice.first_name = "@Alice"
        self.alice.save()
        content = self.build().content()
        assert content.startswith(b"\xef\xbb\xbf")  # the UTF-8 byte order mark, for Excel
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        assert rows[1][4] == '\'=HYPERLINK("http://x","click")'
        assert rows[1][7] == "'@Alice Abbott"


class OutcomeRowsTests(ExportTestCase):
    def test_one_row_per_episode_and_questionnaire(self):
        result = export.build(self.clinic, "outcomes")
        assert result.header == [
            "patient", "chart number", "age at episode start", "sex", "episode",
            "episode opened", "body area", "instrument", "baseline date", "baseline score",
            "latest date", "latest score", "improvement", "days between",
            "important change reached", "important change rule", "sessions up to latest",
        ]  # fmt: skip
        assert rows(result) == [
            # NDI 44% -> 22%: 22 points, above the 19 of Cleland 2008 (taut.scoring.mcid);
            # both sessions were held by the latest measurement.
            ["Grace Hopper", "NS-0042", 45, "female", "Neck pain", "2026-03-02",
             "Head and neck", "NDI", "2026-03-02", 44, "2026-03-30", 22, 22, 28, "yes",
             "19 points", 2],
            # NPRS measured once: a baseline, no change yet.
            ["Grace Hopper", "NS-0042", 45, "female", "Neck pain", "2026-03-02",
             "Head and neck", "NPRS", "2026-03-02", 6, "", "", None, "", "", "2 points or 30%", 0],
        ]  # fmt: skip

    def test_the_clinics_own_threshold_decides(self):
        OutcomeThreshold.objects.create(clinic=self.clinic, instrument="ndi", points=25)
        ndi = rows(export.build(self.clinic, "outcomes"))[0]
        assert (ndi[12], ndi[14], ndi[15]) == (22, "no", "25 points")

    def test_pseudonymised_outcomes_count_days_from_the_episode_start(self):
        ndi = rows(export.build(self.clinic, "outcomes", pseudonymise=True))[0]
        assert ndi[3:] == [
            ndi[3],
            "Head and neck",
            "NDI",
            0,
            44,
            28,
            22,
            22,
            28,
            "yes",
            "19 points",
            2,
        ]

    def test_the_range_is_the_episodes_opening_day(self):
        assert rows(export.build(self.clinic, "outcomes", start=date(2026, 3, 3))) == []


@override_settings(TIME_ZONE="America/New_York")
class LocalDayRangeTests(ExportTestCase):
    def test_the_range_is_of_local_days_at_their_edges(self):
        zone, day = ZoneInfo("America/New_York"), date(2026, 3, 9)  # the first session's day
        late = datetime.combine(day, time(23, 45), tzinfo=zone)  # 03:45 UTC, the next day
        early = datetime.combine(day + timedelta(days=1), time(0, 5), tzinfo=zone)
        with timezone.override(zone):
            before = len(rows(export.build(self.clinic, "sessions", start=day, end=day)))
            for moment in (late, early):
                make_session(self.episode, self.alice, performed_at=moment)
            on_the_day = rows(export.build(self.clinic, "sessions", start=day, end=day))
            after_it = rows(export.build(self.clinic, "sessions", start=day + timedelta(days=1)))
        assert len(on_the_day) == before + 1
        assert {row[6] for row in on_the_day} == {"2026-03-09"}
        assert "2026-03-09" not in {row[6] for row in after_it}
        assert sum(row[6] == "2026-03-10" for row in after_it) == 2  # `early` and Ada's


class SessionQueriesTests(ExportTestCase):
    def test_the_sessions_export_reads_the_same_few_queries_however_many_sessions(self):
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                export.build(self.clinic, "sessions")
            return len(captured.captured_queries)

        before = queries()
        for day in (11, 12, 13, 14):
            make_session(
                self.episode,
                self.alice,
                performed_at=self.first.performed_at.replace(day=day),
                needled=["temporalis"],
            )
        assert queries() == before


class BatchTests(ExportTestCase):
    """Exports are read a batch of records at a time; the file and its audit entry do not
    depend on where the batches break."""

    def setUp(self):
        make_response(self.elder_episode, self.alice, "nprs", [7], at=at("2026-03-03"))
        make_response(self.elder_episode, self.alice, "nprs", [3], at=at("2026-03-24"))
        make_session(self.elder_episode, self.alice, performed_at=at("2026-03-17"),
                     needled=["masseter_superficial"])  # fmt: skip

    def test_every_batch_size_writes_the_same_file_and_audit_detail(self):
        for kind in ("sessions", "outcomes"):
            for pseudonymise in (False, True):
                whole = export.build(self.clinic, kind, pseudonymise=pseudonymise)
                expected = (whole.content(), whole.audit_detail())
                assert expected[1]["rows"] == (4 if kind == "sessions" else 3)
                for batch in (1, 2, 3):
                    result = export.build(self.clinic, kind, pseudonymise=pseudonymise,
                                          batch=batch)  # fmt: skip
                    assert (result.content(), result.audit_detail()) == expected, (kind, batch)

    def test_the_sessions_at_a_batchs_edge_keep_their_needlings_codes_and_events(self):
        # Batches of one: Grace's first session, with its needlings, bruising and diagnosis,
        # is a batch of its own, between Ada's.
        found = rows(export.build(self.clinic, "sessions", batch=1))
        assert [(r[0], r[6], r[16], r[18], r[19]) for r in found] == [
            ("Grace Hopper", "2026-03-09", "20560", "M79.12", "Bruising (Mild)"),
            ("Ada Oldham", "2026-03-10", "", "", ""),
            ("Ada Oldham", "2026-03-17", "20560", "", ""),
            ("Grace Hopper", "2026-03-23", "", "M79.12", ""),
        ]

    def test_nothing_is_read_before_the_rows_are_taken_and_they_are_taken_once(self):
        with CaptureQueriesContext(connection) as captured:
            result = export.build(self.clinic, "sessions")
        assert captured.captured_queries == []
        with self.assertRaisesMessage(RuntimeError, "Write the export before auditing it"):
            result.audit_detail()
        result.content()
        with self.assertRaisesMessage(RuntimeError, "An export's rows are read once."):
            result.content()
        assert result.audit_detail()["patients"] == sorted([self.patient.pk, self.elder.pk])

    def test_a_batch_costs_the_same_few_queries_however_many_batches(self):
        def queries(batch: int) -> int:
            with CaptureQueriesContext(connection) as captured:
                export.build(self.clinic, "sessions", batch=batch).content()
            return len(captured.captured_queries)

        # Four sessions: one batch, two of two, four of one. Each batch reads its needlings,
        # adverse events and diagnoses; the sessions are one query read in chunks.
        one, two, four = queries(4), queries(2), queries(1)
        assert (two - one, four - two) == (3, 6)
