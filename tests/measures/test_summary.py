"""The episode summary: who may see it, what it says, and its PDF (text checked with
pdftotext), with every export in the audit trail and a query count that ignores sessions."""

import subprocess
import tempfile
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from taut.audit.actions import Action
from taut.audit.models import AuditEntry
from taut.exams.models import Diagnosis, PalpationFinding
from taut.treatment.models import AdverseEvent, Needling
from tests.base import ClinicTestCase
from tests.measures.factories import (
    NDI_BETTER,
    NDI_START,
    START,
    make_assessment,
    make_episode,
    make_intake,
    make_response,
    make_rom,
    make_session,
    make_sessions,
)
from tests.portal.pdfs import pdf_fonts, shipped_only

NECK = [{"id": "posterolateral_neck_r", "intensity": 7}, {"id": "temple_r", "intensity": 6}]
NDI_VERDICT = (
    "Responder: NDI improved by 22 points (from 44% to 22%), more than the 19 points that "
    "count as an important change (Cleland 2008)."
)


def needle(session, muscle, tp="", side="right", insertions=3):
    return Needling.objects.create(
        session=session, muscle=muscle, trigger_point=tp, side=side,
        needle_length_mm=30, needle_gauge_mm="0.25", insertions=insertions,
    )  # fmt: skip


def palpate(assessment, tp, side="right", recognised=True):
    return PalpationFinding.objects.create(
        assessment=assessment, trigger_point=tp, side=side, taut_band=True,
        hypersensitive_spot=True, referred_pain=True, recognised_pain=recognised,
    )  # fmt: skip


class SummaryTestCase(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.clinic.address, cls.clinic.phone = "12 Harbour Road\nPortsmouth", "+12025550100"
        cls.clinic.save()
        cls.patient.chart_number = "NS-0042"
        cls.patient.save()
        cls.episode = make_episode(
            cls.patient, cls.alice, title="Right-sided neck pain", opened_on=START.date()
        )
        make_intake(cls.episode, cls.alice, NECK)
        make_intake(cls.episode, cls.alice, NECK[:1], START + timedelta(weeks=3))
        first = make_assessment(cls.episode, cls.alice)
        Diagnosis.objects.create(assessment=first, code="M79.12")
        palpate(first, "upper_trapezius_tp1")
        palpate(first, "levator_scapulae_tp1", recognised=False)
        make_rom(first, degrees=40, normal=80)
        later = make_assessment(cls.episode, cls.alice, START + timedelta(weeks=3))
        palpate(later, "levator_scapulae_tp1", recognised=False)
        make_rom(later, degrees=68, normal=80)
        cls.sessions = make_sessions(cls.episode, cls.alice, [(7, 4), (5, 3), (4, 2), (3, 1)])
        for session in cls.sessions:
            needle(session, "upper_trapezius", "upper_trapezius_tp1")
        needle(cls.sessions[0], "levator_scapulae", "levator_scapulae_tp1", insertions=2)
        AdverseEvent.objects.create(session=cls.sessions[0], kind="bruising", severity="mild")
        AdverseEvent.objects.create(session=cls.sessions[1], kind="bruising", severity="mild")
        last = cls.sessions[-1]
        last.comments = "Continue home stretching twice a day; review in 6 weeks if pain returns."
        last.save()
        make_response(cls.episode, cls.alice, "ndi", NDI_START, START)
        make_response(cls.episode, cls.alice, "ndi", NDI_BETTER, START + timedelta(weeks=3))
        make_response(cls.episode, cls.alice, "nprs", [7], START)

    def url(self, pdf=False, patient=None, episode=None):
        patient, episode = patient or self.patient, episode or self.episode
        base = f"/patients/{patient.uuid}/episodes/{episode.pk}/measures/"
        return base + ("summary.pdf" if pdf else "summary/")


class AccessTests(SummaryTestCase):
    def test_outsider_gets_404(self):
        self.login(self.charlie)
        for pdf in (False, True):
            assert self.client.get(self.url(pdf)).status_code == 404

    def test_front_desk_gets_403(self):
        self.login(self.bob)
        for pdf in (False, True):
            assert self.client.get(self.url(pdf)).status_code == 403

    def test_patient_login_gets_404(self):
        self.login(self.penny)
        for pdf in (False, True):
            assert self.client.get(self.url(pdf)).status_code == 404

    def test_an_episode_of_another_patient_is_not_found(self):
        self.login(self.alice)
        other = make_episode(self.portal_patient, self.alice)
        assert self.client.get(self.url(episode=other)).status_code == 404
        assert self.client.get(self.url(pdf=True, episode=other)).status_code == 404

    def test_anonymous_is_sent_to_log_in(self):
        assert self.client.get(self.url()).status_code == 302


class PageTests(SummaryTestCase):
    def setUp(self):
        self.login(self.alice)

    def page(self) -> str:
        response = self.client.get(self.url())
        assert response.status_code == 200
        return response.content.decode()

    def test_it_shows_the_verdicts_and_their_charts(self):
        body = self.page()
        assert NDI_VERDICT in body
        assert "Responder: pain before treatment improved by 4 points" in body
        assert body.count('class="summary-chart"') == 5  # session pain, NPRS, NDI, ROM, drawing

    def test_it_shows_the_patient_the_episode_and_the_diagnoses(self):
        body = self.page()
        assert "Grace Hopper" in body and "1980-05-17" in body and "NS-0042" in body
        assert "Right-sided neck pain" in body and "ongoing" in body
        assert "<strong>M79.12</strong> Myalgia of auxiliary muscles, head and neck" in body
        assert "Portsmouth" in body and "+1 202-555-0100" in body

    def test_it_compares_range_of_motion_first_and_latest(self):
        body = self.page()
        assert "40° of 80° (50% of normal)" in body
        assert "68° of 80° (85% of normal)" in body

    def test_it_counts_trigger_points_needling_and_adverse_events(self):
        summary = self.client.get(self.url()).context["summary"]
        assert [(len(p.active), len(p.latent)) for p in summary.palpated] == [(1, 1), (0, 1)]
        assert [(n.muscle, n.sessions, n.insertions) for n in summary.needled] == [
            ("Upper trapezius", 4, 12), ("Levator scapulae", 1, 2)
        ]  # fmt: skip
        assert "2 adverse events: bruising (2)." in self.page()

    def test_it_shows_the_plan_of_the_latest_session_and_the_clinician(self):
        body = self.page()
        assert "Continue home stretching twice a day" in body
        assert "Clinician: <strong>" in body

    def test_it_shows_both_pain_drawings(self):
        summary = self.client.get(self.url()).context["summary"]
        assert [d.label for d in summary.drawings] == ["First", "Latest"]
        assert 'class="region pain-7"' in summary.drawings[0].figures[1]  # the back view

    def test_it_links_to_the_pdf(self):
        assert f'href="{self.url(pdf=True)}">Download PDF' in self.page()

    def test_a_discharged_episode_says_so(self):
        self.episode.discharged_on = START.date() + timedelta(weeks=4)
        self.episode.save()
        body = self.page()
        assert "Discharge summary" in body and "(discharged)" in body

    def test_an_empty_episode_still_renders(self):
        empty = make_episode(self.patient, self.alice, title="Low back")
        response = self.client.get(self.url(episode=empty))
        assert response.status_code == 200
        assert "Nothing measured in this episode yet." in response.content.decode()

    def test_queries_do_not_grow_with_sessions(self):
        with CaptureQueriesContext(connection) as before:
            self.page()
        later = START + timedelta(weeks=10)
        session = make_session(self.episode, self.alice, later, 2, 1)
        needle(session, "splenius_capitis", "splenius_capitis_tp1")
        AdverseEvent.objects.create(session=session, kind="headache", severity="mild")
        with CaptureQueriesContext(connection) as after:
            self.page()
        assert len(after) == len(before)


class PdfTests(SummaryTestCase):
    def setUp(self):
        self.login(self.alice)

    def test_it_is_a_pdf_with_the_patient_and_the_verdicts(self):
        response = self.client.get(self.url(pdf=True))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith('inline; filename="summary-NS-0042-')
        assert response.content.startswith(b"%PDF")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(response.content)
            file.flush()
            text = subprocess.run(
                ["pdftotext", "-layout", file.name, "-"], capture_output=True, text=True, check=True
            ).stdout
            info = subprocess.run(
                ["pdfinfo", file.name], capture_output=True, text=True, check=True
            ).stdout
        pages = int(
            next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1]
        )
        assert 1 <= pages <= 3
        flat = " ".join(text.split())
        assert "Grace Hopper" in flat
        assert "Responder: NDI improved by 22 points" in flat
        assert "Page 1 of" in flat
        assert "Download PDF" not in flat

    def test_it_is_set_only_in_the_fonts_taut_ships(self):
        # fontconfig substitutes nothing, so the pages break alike on every machine
        assert shipped_only(pdf_fonts(self.client.get(self.url(pdf=True)).content))

    def test_the_export_is_audited(self):
        self.client.get(self.url(pdf=True))
        entry = AuditEntry.objects.filter(action=Action.EXPORT).get()
        assert entry.object_id == str(self.episode.pk)
        assert entry.patient_id == self.patient.pk
        assert entry.user_id == self.alice.pk

    def test_viewing_the_page_is_not_an_export(self):
        self.client.get(self.url())
        assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()

    def test_a_refused_export_is_not_audited(self):
        self.login(self.bob)
        self.client.get(self.url(pdf=True))
        assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()
