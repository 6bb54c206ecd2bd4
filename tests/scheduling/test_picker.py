"""Whose calendar and day sheet: the clinician picker, paging over clinicians, and what the
URL may and may not name (taut/scheduling/picker.py)."""

from taut.audit.models import AuditEntry
from taut.clinics.roles import Role
from taut.scheduling import picker
from tests.factories import make_patient, make_user
from tests.scheduling.factories import at, make_appointment, make_type
from tests.scheduling.test_calendar import open_weekdays
from tests.scheduling.test_views import ScheduleTestCase

PAGES = ("/schedule/", "/schedule/today/")
DAY, WEEK = picker.PER_PAGE["day"], picker.PER_PAGE["week"]


def ids(users):
    return [u.pk for u in users]


class PickerTests(ScheduleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        open_weekdays(cls.clinic)
        # alice and nine more clinicians: two pages of six with alice among them
        cls.more = [make_user(f"doc{n}", (cls.clinic, Role.CLINICIAN)) for n in range(9)]
        cls.everyone = sorted(
            [cls.alice, *cls.more], key=lambda u: (u.last_name, u.first_name, u.username)
        )

    def get(self, path, **params):
        return self.client.get(path, {"date": at(2, 0).date().isoformat(), **params})

    def shown(self, response):
        """The ids of the clinicians the page shows, in order."""
        return [c.pk for c in response.context["picked"].shown]

    def offered(self, response):
        """The ids of the clinicians the picker offers."""
        return [c.pk for c in response.context["picked"].clinicians]

    def test_a_clinician_sees_their_own_by_default(self):
        self.login(self.alice)
        for path in PAGES:
            assert self.shown(self.get(path)) == [self.alice.pk], path

    def test_the_front_desk_sees_the_first_page_of_clinicians_in_a_stable_order(self):
        self.login(self.bob)
        for path in PAGES:
            response = self.get(path)
            assert self.shown(response) == ids(self.everyone[:DAY]), path
            assert response.context["picked"].pages == 2

    def test_the_next_page_shows_the_rest_and_links_back(self):
        self.login(self.bob)
        for path in PAGES:
            response = self.get(path, everyone=1, page=2)
            assert self.shown(response) == ids(self.everyone[DAY:]), path
            body = response.content.decode()
            assert "Previous clinicians" in body and "Next clinicians" not in body
            assert "Clinicians 7–10 of 10" in body

    def test_a_week_shows_fewer_clinicians_a_page_than_a_day(self):
        self.login(self.bob)
        response = self.get("/schedule/", view="week", everyone=1, page=2)
        assert self.shown(response) == ids(self.everyone[WEEK : 2 * WEEK])
        assert len(response.context["grid"].columns) == 7 * WEEK
        assert response.context["picked"].pages == -(-len(self.everyone) // WEEK)

    def test_a_clinician_can_see_everyone(self):
        self.login(self.alice)
        response = self.get("/schedule/", everyone=1)
        assert self.shown(response) == ids(self.everyone[:DAY])

    def test_the_chosen_clinicians_are_shown_and_stay_chosen_on_other_days(self):
        chosen = [self.more[3], self.more[1]]
        self.login(self.bob)
        response = self.get("/schedule/", clinician=[c.pk for c in chosen], view="week")
        assert set(self.shown(response)) == set(ids(chosen))
        assert {c.clinician.pk for c in response.context["grid"].columns} == set(ids(chosen))
        step = f"?clinician={chosen[0].pk}&amp;clinician={chosen[1].pk}&amp;view=week&amp;date="
        assert step in response.content.decode()  # the previous/next week keep the choice

    def test_the_calendar_reads_appointments_only_of_those_shown(self):
        make_appointment(self.patient, self.alice, self.treatment, at(2, 9))
        make_appointment(self.ada, self.more[0], self.treatment, at(2, 9))
        self.login(self.bob)
        response = self.get("/schedule/", clinician=self.more[0].pk)
        body = response.content.decode()
        assert "Ada Lovelace" in body and "Grace Hopper" not in body
        sheet = self.get("/schedule/today/", clinician=self.alice.pk).context["sheet"]
        assert [a.patient_uuid for a in sheet.due] == [self.patient.uuid]

    def test_the_day_sheet_shows_only_the_chosen_clinicians_visits(self):
        make_appointment(self.patient, self.alice, self.treatment, at(2, 9))
        make_appointment(self.ada, self.more[0], self.treatment, at(2, 10))
        self.login(self.bob)
        sheet = self.get("/schedule/today/", clinician=self.more[0].pk).context["sheet"]
        assert [a.patient_uuid for a in sheet.due] == [self.ada.uuid]
        entry = AuditEntry.objects.filter(detail__has_key="day_sheet").latest("pk")
        assert entry.detail["clinicians"] == [self.more[0].pk]

    def test_nonsense_ids_and_pages_are_ignored_with_a_word_not_a_500(self):
        self.login(self.bob)
        for path in PAGES:
            for params in (
                {"clinician": ["x", self.more[0].pk]}, {"clinician": "99999999999999999999"},
                {"clinician": "-1"}, {"page": "lots"}, {"page": "-3"}, {"page": "10000"},
            ):  # fmt: skip
                response = self.get(path, **params)
                assert response.status_code == 200, (path, params)
            response = self.get(path, clinician=["x", self.more[0].pk])
            assert self.shown(response) == [self.more[0].pk]
            assert picker.IGNORED in response.content.decode()
            assert self.get(path, page="10000").context["picked"].page == 2

    def test_another_clinics_clinician_is_never_shown(self):
        elsewhere = make_patient(self.other_clinic, "Secret", "Person")
        make_appointment(elsewhere, self.charlie, make_type(self.other_clinic), at(2, 9))
        self.login(self.bob)
        for path in PAGES:
            response = self.get(path, clinician=self.charlie.pk)
            assert self.charlie.pk not in self.shown(response), path
            assert self.charlie.pk not in self.offered(response)
            body = response.content.decode()
            assert "Secret" not in body and "Charlie" not in body
            assert picker.IGNORED in body

    def test_the_front_desk_and_someone_who_left_are_not_clinicians_to_choose(self):
        membership = self.more[0].memberships.get()
        membership.is_active = False
        membership.save()
        self.login(self.bob)
        response = self.get("/schedule/", clinician=[self.bob.pk, self.more[0].pk])
        assert picker.IGNORED in response.content.decode()
        assert self.bob.pk not in self.offered(response)
        assert self.more[0].pk not in self.offered(response)

    def test_the_outsider_sees_only_their_own_clinic(self):
        make_appointment(self.patient, self.alice, self.treatment, at(2, 9))
        self.login(self.charlie)
        for path in PAGES:
            response = self.get(path, clinician=self.alice.pk, everyone=1)
            assert self.alice.pk not in self.shown(response), path
            assert "Grace Hopper" not in response.content.decode()

    def test_the_picker_offers_every_clinician_and_just_me_to_a_clinician(self):
        self.login(self.alice)
        body = self.get("/schedule/today/").content.decode()
        for c in self.everyone:
            assert f'name="clinician" value="{c.pk}"' in body
        assert "Just me" in body and "All clinicians" in body
        self.login(self.bob)
        assert "Just me" not in self.get("/schedule/").content.decode()

    def test_checking_in_returns_to_the_same_page_of_the_day_sheet(self):
        from datetime import timedelta

        from django.utils import timezone

        now = timezone.now()
        visit = make_appointment(
            self.patient, self.more[0], self.treatment, now, now=now - timedelta(hours=1)
        )
        self.login(self.bob)
        back = f"/schedule/today/?clinician={self.more[0].pk}"
        response = self.client.post(f"/schedule/appointments/{visit.pk}/check-in/", {"next": back})
        self.assertRedirects(response, back)
