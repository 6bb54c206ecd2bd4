"""The patient chart: timeline, drawings, needled muscles; bounded queries; who may see it."""

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from taut.episodes.models import BodyArea, Episode
from taut.intake.models import Intake
from taut.notes.models import ClinicalNote, NoteStatus
from taut.treatment.models import Needling, TreatmentSession
from tests.base import ClinicTestCase


def history(patient, clinician, sessions: int) -> Episode:
    episode = Episode.objects.create(
        clinic=patient.clinic, patient=patient, title="Neck pain", body_area=BodyArea.HEAD_NECK,
        created_by=clinician,
    )  # fmt: skip
    start = timezone.now() - timedelta(weeks=sessions + 1)
    for drawn, at in ((["temple_r", "mastoid_r"], start), (["temple_r"], timezone.now())):
        Intake.objects.create(
            clinic=patient.clinic, episode=episode, patient=patient, recorded_at=at,
            recorded_by=clinician, drawing=[{"id": r, "intensity": 6} for r in drawn],
            pain_now=6, pain_best=3, pain_worst=8,
        )  # fmt: skip
    for n in range(sessions):
        session = TreatmentSession.objects.create(
            clinic=patient.clinic, episode=episode, patient=patient, clinician=clinician,
            performed_at=start + timedelta(weeks=n), pain_before=6, pain_after=4,
        )  # fmt: skip
        Needling.objects.create(
            session=session, muscle="upper_trapezius", trigger_point="upper_trapezius_tp1",
            side="right", needle_length_mm=Decimal("30"), needle_gauge_mm=Decimal("0.25"),
        )  # fmt: skip
        ClinicalNote.objects.create(
            clinic=patient.clinic, patient=patient, session=session, author=clinician,
            title=f"Session {n + 1}", text="SOAP", status=NoteStatus.SIGNED,
        )  # fmt: skip
    return episode


class ChartTests(ClinicTestCase):
    def url(self):
        return f"/patients/{self.patient.uuid}/chart/"

    def test_it_shows_the_timeline_drawings_and_needled_muscles(self):
        history(self.patient, self.alice, sessions=3)
        self.login(self.alice)
        body = self.client.get(self.url()).content.decode()
        assert body.count('class="event session"') == 3
        assert body.count('class="event intake"') == 2
        assert "First," in body and "Latest," in body
        assert 'class="region needled"' in body  # the upper trapezius site, right side

    def test_the_number_of_queries_does_not_grow_with_the_sessions(self):
        self.login(self.alice)
        history(self.patient, self.alice, sessions=2)
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url())
        history(self.portal_patient, self.alice, sessions=50)
        self.portal_patient.refresh_from_db()
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(f"/patients/{self.portal_patient.uuid}/chart/")
        assert response.status_code == 200
        assert response.content.decode().count('class="event session"') == 50
        assert len(many) == len(few), [q["sql"] for q in many.captured_queries]

    def test_front_desk_cannot_open_the_chart(self):
        self.login(self.bob)
        assert self.client.get(self.url()).status_code == 403

    def test_an_outsider_gets_404(self):
        self.login(self.charlie)
        assert self.client.get(self.url()).status_code == 404


class ChartHeadViewTests(ClinicTestCase):
    def test_a_jaw_drawing_and_a_needled_jaw_muscle_show_on_the_head_view(self):
        episode = history(self.patient, self.alice, sessions=1)
        episode.intakes.update(drawing=[{"id": "cheek_l", "intensity": 6}])
        Needling.objects.filter(session__episode=episode).update(
            muscle="masseter_superficial", trigger_point="masseter_superficial_tp1", side="left"
        )
        self.login(self.alice)
        body = self.client.get(f"/patients/{self.patient.uuid}/chart/").content.decode()
        assert "body-figure--head" in body
        assert 'class="region pain-6"' in body and 'class="region needled"' in body
