"""The calendar and the day sheet cost the same queries however many visits they show, and no
more than they do now (issue 18): the session, the clinic and role, the second factor, the
picker's clinicians, what the page shows, the audit entry and the count of new requests."""

from taut.scheduling.models import Status
from tests.episodes.factories import make_episode
from tests.factories import make_patient
from tests.queries import page_queries, reading
from tests.scheduling.factories import at, make_appointment
from tests.scheduling.test_calendar import open_weekdays
from tests.scheduling.test_views import ScheduleTestCase
from tests.treatment.factories import make_session

DAY = at(2, 0).date().isoformat()
WEEK = f"/schedule/?view=week&everyone=1&date={DAY}"
SHEET = f"/schedule/today/?everyone=1&date={DAY}"
# Hours, appointments here and elsewhere in one query, their patients (the calendar); appointments
# with their patients and sessions, and the seen visits' invoices (the day sheet).
MOST = {WEEK: 14, SHEET: 13}


class QueryCountTests(ScheduleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        open_weekdays(cls.clinic)

    def add_visits(self, count, first_hour=9):
        """`count` visits on the shown day, each seen and recorded in a session."""
        for n in range(count):
            patient = make_patient(self.clinic, f"Pat{n}", f"Visit{first_hour}")
            visit = make_appointment(patient, self.alice, self.treatment, at(2, first_hour + n))
            visit.status = Status.ATTENDED
            visit.save()
            episode = make_episode(patient, self.alice)
            make_session(episode, self.alice, performed_at=visit.starts_at, appointment=visit)

    def test_more_visits_cost_no_more_queries(self):
        self.login(self.bob)
        self.add_visits(1)
        few = {url: page_queries(self.client, url) for url in MOST}
        self.add_visits(4, first_hour=13)
        for url, most in MOST.items():
            queries = page_queries(self.client, url)
            assert len(queries) == len(few[url]) <= most, (url, len(queries))

    def test_the_patients_and_the_clinicians_are_read_once(self):
        self.add_visits(3)
        self.login(self.bob)
        for url in MOST:
            queries = page_queries(self.client, url)
            assert len(reading("accounts_user", queries)) == 2, url  # the user, the picker
            assert len(reading("clinics_clinic", queries)) == 0, url  # the middleware's join
