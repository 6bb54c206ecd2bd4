"""The session page reads its needling records once, and costs the same number of queries
with 2 muscles needled as with 10."""

from taut.audit.models import AuditEntry
from taut.episodes.models import Episode
from taut.exams.models import Assessment, Diagnosis
from taut.intake.models import Intake
from taut.notes.models import ClinicalNote
from taut.treatment.models import Needling, TreatmentSession
from tests.queries import audit_writes, page_queries, reading
from tests.treatment.base import SessionTestCase
from tests.treatment.factories import make_session, make_session_note

MUSCLES = [
    "temporalis", "masseter_superficial", "gluteus_medius", "sternocleidomastoid_sternal",
    "sternocleidomastoid_clavicular",
]  # fmt: skip


class SessionPageQueryTests(SessionTestCase):
    def session_queries(self, count: int) -> list[str]:
        needled = [(m, side) for m in MUSCLES for side in ("left", "right")][:count]
        session = make_session(self.episode, self.alice, needled=needled)
        make_session_note(session)
        return page_queries(self.client, self.url(session=session))

    def test_the_needling_records_are_read_once(self):
        self.login(self.alice)
        queries = self.session_queries(3)
        assert len(reading(Needling._meta.db_table, queries)) == 1

    def test_the_diagnoses_in_force_come_with_the_assessments_in_one_query(self):
        self.login(self.alice)
        queries = self.session_queries(2)
        assert len(reading(Assessment._meta.db_table, queries)) == 1
        assert not reading(Diagnosis._meta.db_table, queries)

    def test_the_episode_and_the_draft_note_are_read_with_the_session(self):
        self.login(self.alice)
        queries = self.session_queries(2)
        assert not reading(Episode._meta.db_table, queries)
        assert not reading(ClinicalNote._meta.db_table, queries)
        assert len(reading(TreatmentSession._meta.db_table, queries)) == 1

    def test_the_latest_intake_is_read_for_its_contraindications_only(self):
        self.login(self.alice)
        [intake] = reading(Intake._meta.db_table, self.session_queries(2))
        assert '"drawing"' not in intake and '"absolute_contraindications"' in intake

    def test_the_episode_and_the_session_are_audited_in_one_write(self):
        self.login(self.alice)
        queries = self.session_queries(2)
        assert audit_writes(queries) == 1
        read = AuditEntry.objects.order_by("-seq")[:2].values_list("object_type", flat=True)
        # Read in one query: the session with its episode, both audited.
        assert sorted(read) == ["episodes.episode", "treatment.treatmentsession"]

    def test_more_muscles_needled_cost_no_more_queries(self):
        self.login(self.alice)
        few, many = self.session_queries(2), self.session_queries(10)
        assert len(few) == len(many), "\n".join(many)


class PagesListingSessionsQueryTests(SessionTestCase):
    """The episode page and the patient's chart list every session: their cost must not
    grow with the number of sessions or of muscles needled."""

    def queries_with_sessions(self, count: int, url: str) -> list[str]:
        for n in range(count):
            make_session(self.episode, (self.alice, self.carol)[n % 2], needled=MUSCLES[:2])
        return page_queries(self.client, url)

    def assert_flat(self, url: str):
        self.login(self.alice)
        few = self.queries_with_sessions(2, url)
        many = self.queries_with_sessions(8, url)  # 10 in all
        assert len(few) == len(many), "\n".join(many)

    def test_the_episode_page(self):
        self.assert_flat(f"/patients/{self.patient.uuid}/episodes/{self.episode.pk}/")

    def test_the_chart(self):
        self.assert_flat(f"/patients/{self.patient.uuid}/chart/")
