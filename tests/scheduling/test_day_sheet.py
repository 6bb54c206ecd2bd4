"""The front desk's day sheet and home page, checking in, and starting a visit."""

import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from taut.scheduling import booking, daysheet
from taut.scheduling.booking import BookingError
from taut.scheduling.models import Appointment, Status
from tests.episodes.factories import make_episode
from tests.factories import make_patient
from tests.scheduling.factories import at, make_appointment
from tests.scheduling.test_views import ScheduleTestCase
from tests.treatment.factories import make_session


class DaySheetTests(ScheduleTestCase):
    def test_the_front_desk_lands_on_the_day_sheet(self):
        self.login(self.bob)
        self.assertRedirects(self.client.get("/"), "/schedule/today/")

    def test_clinicians_and_admins_still_land_on_the_patients(self):
        for user in (self.alice, self.carol):
            self.login(user)
            self.assertRedirects(self.client.get("/"), "/patients/")

    def test_visits_are_sorted_by_where_the_patient_is(self):
        due = make_appointment(self.patient, self.alice, self.treatment, at(2, 9))
        here = make_appointment(self.ada, self.alice, self.treatment, at(2, 10))
        here.arrived_at = at(2, 9, 50)
        here.save()
        other_day = make_appointment(self.ada, self.alice, self.treatment, at(3, 10))
        self.login(self.bob)
        response = self.client.get("/schedule/today/", {"date": at(2, 0).date().isoformat()})
        sheet = response.context["sheet"]
        assert ([v.pk for v in sheet.due], [v.pk for v in sheet.here]) == ([due.pk], [here.pk])
        others = sheet.seen + sheet.no_shows + sheet.cancelled
        assert other_day.pk not in [v.pk for v in others]

    def test_a_seen_visit_not_yet_invoiced_shows_as_unpaid(self):
        billed = make_appointment(self.patient, self.alice, self.treatment, at(2, 9))
        unbilled = make_appointment(self.ada, self.alice, self.treatment, at(2, 10))
        for visit in (billed, unbilled):
            visit.status = Status.ATTENDED
            visit.save()
        episode = make_episode(self.ada, self.alice)
        make_session(episode, self.alice, performed_at=at(2, 10, 5), appointment=unbilled)
        self.login(self.bob)
        response = self.client.get("/schedule/today/", {"date": at(2, 0).date().isoformat()})
        # a seen visit without a session has nothing to bill yet; the other is not invoiced
        assert response.context["sheet"].unpaid == {unbilled.pk: "not invoiced"}
        assert "Unpaid" in response.content.decode()

    def test_the_outsider_sees_nothing_of_this_clinic(self):
        make_appointment(self.patient, self.alice, self.treatment, at(2, 9))
        self.login(self.charlie)
        response = self.client.get("/schedule/today/", {"date": at(2, 0).date().isoformat()})
        assert response.context["sheet"].count == 0

    def test_a_row_escapes_the_name_and_its_forms_post_with_the_csrf_token(self):
        patient = make_patient(self.clinic, "<b>Bo</b>", "Jones", phone="+12025550199")
        visit = make_appointment(patient, self.alice, self.treatment, at(1, 9))
        now = timezone.now()  # due now, today: it can be checked in or marked as missed
        Appointment.objects.filter(pk=visit.pk).update(
            starts_at=now, ends_at=now + timedelta(hours=1)
        )
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.bob)
        page = client.get("/schedule/today/?everyone=1").content.decode()
        assert "&lt;b&gt;Bo&lt;/b&gt; Jones" in page and "<b>Bo</b>" not in page
        assert f'href="/patients/{patient.uuid}/"' in page and "+1 202-555-0199" in page
        forms = re.findall(
            r'<form method="post" action="(/schedule/[^"]+)" class="inline">(.*?)</form>', page
        )
        assert [action for action, _ in forms] == [
            f"/schedule/appointments/{visit.pk}/check-in/",
            f"/schedule/appointments/{visit.pk}/attendance/",
        ]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', forms[0][1])[1]
        back = "/schedule/today/?everyone=1"
        assert all(f'name="next" value="{back}"' in body for _, body in forms)
        response = client.post(forms[0][0], {"csrfmiddlewaretoken": token, "next": back})
        self.assertRedirects(response, back, fetch_redirect_response=False)
        visit.refresh_from_db()
        assert visit.arrived_at is not None


class CheckInTests(ScheduleTestCase):
    def test_a_patient_is_checked_in_on_the_day(self):
        visit = make_appointment(self.patient, self.alice, self.treatment, at(2, 9))
        booking.check_in(visit, now=at(2, 8, 40))
        visit.refresh_from_db()
        assert visit.arrived_at == at(2, 8, 40) and visit.status == Status.BOOKED

    def test_not_on_another_day(self):
        visit = make_appointment(self.patient, self.alice, self.treatment, at(2, 9))
        with self.assertRaisesMessage(BookingError, "on the day"):
            booking.check_in(visit, now=at(1, 9))

    def test_the_view_checks_in_and_the_outsider_gets_404(self):
        now = timezone.now()
        visit = make_appointment(
            self.patient, self.alice, self.treatment, now, now=now - timedelta(hours=1)
        )
        self.login(self.charlie)
        assert self.client.post(f"/schedule/appointments/{visit.pk}/check-in/").status_code == 404
        self.login(self.bob)
        self.client.post(f"/schedule/appointments/{visit.pk}/check-in/")
        visit.refresh_from_db()
        assert visit.arrived_at is not None


class SortTests(ScheduleTestCase):
    def test_each_status_has_its_place(self):
        a = make_appointment(self.patient, self.alice, self.treatment, at(2, 9))
        b = make_appointment(self.ada, self.alice, self.treatment, at(2, 10))
        booking.record_attendance(a, Status.ATTENDED, now=at(2, 9, 5))
        booking.record_attendance(b, Status.NO_SHOW, now=at(2, 10, 30))
        a.refresh_from_db()
        b.refresh_from_db()
        sheet = daysheet.sort([b, a])
        assert (sheet.seen, sheet.no_shows, sheet.count) == ([a], [b], 2)
