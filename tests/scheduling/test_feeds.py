"""Calendar feeds: iCalendar at a secret address, revocable, names only if the clinic allows."""

from datetime import UTC, datetime

from icalendar import Calendar

from taut.scheduling import booking, feeds
from taut.scheduling.models import CalendarFeed
from tests.scheduling.factories import at, make_appointment
from tests.scheduling.test_views import ScheduleTestCase


class FeedTests(ScheduleTestCase):
    def setUp(self):
        self.visit = make_appointment(self.patient, self.alice, self.treatment, at(2, 9))

    def make_feed(self):
        self.login(self.alice)
        self.client.post("/schedule/feeds/new/")
        return CalendarFeed.objects.get(revoked_at__isnull=True)

    def read(self, feed):
        response = self.client.get(f"/schedule/feeds/{feed.token}.ics")
        return response, Calendar.from_ical(
            response.content
        ) if response.status_code == 200 else None

    def test_a_clinician_subscribes_without_logging_in(self):
        feed = self.make_feed()
        self.client.logout()
        response, cal = self.read(feed)
        assert response["Content-Type"].startswith("text/calendar")
        events = cal.walk("VEVENT")
        assert [str(e["summary"]) for e in events] == ["Treatment"]
        assert events[0].decoded("dtstart") == self.visit.starts_at
        assert "Hopper" not in response.content.decode()

    def test_names_appear_only_when_the_clinic_allows(self):
        self.clinic.feeds_show_names = True
        self.clinic.save()
        _, cal = self.read(self.make_feed())
        assert str(cal.walk("VEVENT")[0]["summary"]) == "Grace Hopper · Treatment"

    def test_a_cancelled_visit_is_marked_cancelled(self):
        booking.cancel(self.visit, by=self.bob, reason="unwell")
        _, cal = self.read(self.make_feed())
        assert str(cal.walk("VEVENT")[0]["status"]) == "CANCELLED"

    def test_a_new_address_revokes_the_old_and_revoking_locks_it(self):
        old = self.make_feed()
        self.client.post("/schedule/feeds/new/")
        assert self.read(old)[0].status_code == 404
        new = CalendarFeed.objects.get(revoked_at__isnull=True)
        self.client.post(f"/schedule/feeds/{new.pk}/revoke/")
        assert self.read(new)[0].status_code == 404

    def test_a_clinician_who_left_has_no_feed(self):
        feed = self.make_feed()
        self.alice.memberships.update(is_active=False)
        assert self.read(feed)[0].status_code == 404

    def test_an_unknown_token_is_404(self):
        assert self.client.get("/schedule/feeds/nonsense.ics").status_code == 404

    def test_the_front_desk_has_no_feed_to_make(self):
        self.login(self.bob)
        assert self.client.post("/schedule/feeds/new/").status_code == 404

    def test_the_outsider_cannot_revoke(self):
        feed = self.make_feed()
        self.login(self.charlie)
        assert self.client.post(f"/schedule/feeds/{feed.pk}/revoke/").status_code == 404
        feed.refresh_from_db()
        assert feed.revoked_at is None


class FeedBuildTests(ScheduleTestCase):
    def test_uids_are_stable_and_times_are_utc(self):
        visit = make_appointment(self.patient, self.alice, self.treatment, at(2, 9))
        now = datetime(2026, 1, 1, tzinfo=UTC)
        once = feeds.calendar(title="t", appointments=[visit], show_names=False, now=now,
                              host="taut.example")  # fmt: skip
        again = feeds.calendar(title="t", appointments=[visit], show_names=False, now=now,
                               host="taut.example")  # fmt: skip
        assert once == again
        assert f"UID:appointment-{visit.pk}@taut.example" in once.decode()
