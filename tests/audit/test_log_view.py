"""Clinic admins browse and filter their clinic's audit log; nobody else does."""

from datetime import UTC, datetime, timedelta
from unittest import mock

from taut.audit import log
from taut.audit.actions import Action
from taut.audit.models import AuditEntry
from taut.paging import AFTER, make_cursor
from tests.base import ClinicTestCase


class AuditLogViewTests(ClinicTestCase):
    def setUp(self):
        log.record(None, Action.VIEW, self.patient, user=self.alice)
        other = self.other_clinic
        log.record(None, Action.LIST, user=self.charlie, clinic_id=other.pk, detail={"query": "x"})

    def test_admin_sees_their_clinics_entries_only(self):
        self.login(self.carol)
        response = self.client.get("/audit/")
        assert response.status_code == 200
        entries = list(response.context["page"].items)
        assert entries and all(e.clinic_id == self.clinic.pk for e in entries)

    def test_admin_filters_by_user_action_and_patient(self):
        self.login(self.carol)
        response = self.client.get(
            "/audit/", {"username": "ali", "action": "view", "patient": self.patient.pk}
        )
        entries = list(response.context["page"].items)
        assert [e.username for e in entries] == ["alice"]

    def test_a_bad_filter_shows_an_error_not_a_crash(self):
        self.login(self.carol)
        response = self.client.get("/audit/", {"since": "2026-05-01", "until": "2026-01-01"})
        assert response.status_code == 200
        assert "The start date is after the end date." in response.content.decode()

    def test_clinicians_and_front_desk_cannot_browse_it(self):
        for user in (self.alice, self.bob):
            self.login(user)
            assert self.client.get("/audit/").status_code == 403

    def test_failed_logins_appear_under_the_users_clinic(self):
        self.login_with_password("bob", "wrong password")
        self.login(self.carol)
        response = self.client.get("/audit/", {"action": "login_failed"})
        assert [e.username for e in response.context["page"].items] == ["bob"]

    def test_it_shows_the_head_of_the_clinics_own_chain(self):
        self.login(self.carol)
        response = self.client.get("/audit/")
        assert response.context["chain"] == f"clinic-{self.clinic.pk}"
        head = response.context["head"]
        assert head.seq == 2  # alice's view and carol's login; Southside's entry is elsewhere
        assert f"{head.seq} entries, last hash" in response.content.decode()


class AuditLogPagingTests(ClinicTestCase):
    """A busy clinic's log holds millions of entries: pages follow a keyset cursor, never an
    OFFSET and a count (issue 18)."""

    def setUp(self):
        for _ in range(120):
            log.record(None, Action.VIEW, self.patient, user=self.alice)
        self.login(self.carol)

    def ids(self, response):
        return [e.id for e in response.context["page"].items]

    def test_pages_follow_each_other_newest_first_without_gaps(self):
        before = list(
            AuditEntry.objects.filter(clinic_id=self.clinic.pk)
            .order_by("-id")
            .values_list("id", flat=True)
        )
        seen, cursor = [], None
        while True:
            response = self.client.get("/audit/", {"cursor": cursor} if cursor else {})
            assert response.status_code == 200
            seen += self.ids(response)
            cursor = response.context["page"].next
            if not cursor:
                break
        assert seen == sorted(set(seen), reverse=True)  # newest first, none twice
        assert [i for i in seen if i in set(before)] == before  # none left out

    def test_previous_returns_to_the_same_page(self):
        first = self.client.get("/audit/", {"action": "view"})
        second = self.client.get(
            "/audit/", {"action": "view", "cursor": first.context["page"].next}
        )
        back = self.client.get(
            "/audit/", {"action": "view", "cursor": second.context["page"].previous}
        )
        assert self.ids(back) == self.ids(first)
        assert len(self.ids(second)) == 50
        assert set(self.ids(second)).isdisjoint(self.ids(first))
        assert "cursor=" in first.content.decode() and "Next" in first.content.decode()

    def test_a_filter_is_kept_across_pages(self):
        first = self.client.get("/audit/", {"username": "alice"})
        html = first.content.decode()
        assert "username=alice&amp;cursor=" in html
        second = self.client.get(
            "/audit/", {"username": "alice", "cursor": first.context["page"].next}
        )
        assert {e.username for e in second.context["page"].items} == {"alice"}

    def test_an_altered_cursor_is_a_400_with_the_first_page(self):
        response = self.client.get("/audit/", {"cursor": "not-a-cursor"})
        assert response.status_code == 400
        assert "That page link is not valid" in response.content.decode()
        assert len(self.ids(response)) == 50

    def test_a_cursor_on_another_clinics_entry_shows_only_this_clinics(self):
        theirs = log.record(None, Action.LIST, user=self.charlie, clinic_id=self.other_clinic.pk)
        log.record(None, Action.VIEW, self.patient, user=self.alice)
        response = self.client.get("/audit/", {"cursor": make_cursor(AFTER, theirs.pk)})
        entries = response.context["page"].items
        assert entries and all(e.clinic_id == self.clinic.pk for e in entries)
        assert all(e.id < theirs.pk for e in entries)


class AuditLogDateFilterTests(ClinicTestCase):
    """From and To are whole days in the clinic's time zone, both included."""

    def record_at(self, moment):
        with mock.patch("taut.audit.log.timezone.now", return_value=moment):
            return log.record(None, Action.VIEW, self.patient, user=self.alice)

    def test_from_and_to_include_whole_days(self):
        day = datetime(2026, 3, 10, tzinfo=UTC)
        before = self.record_at(day - timedelta(microseconds=1))
        first = self.record_at(day)
        last = self.record_at(day + timedelta(days=2) - timedelta(microseconds=1))
        after = self.record_at(day + timedelta(days=2))
        self.login(self.carol)
        response = self.client.get("/audit/", {"since": "2026-03-10", "until": "2026-03-11"})
        ids = [e.id for e in response.context["page"].items]
        assert ids == [last.id, first.id]
        assert before.id not in ids and after.id not in ids
