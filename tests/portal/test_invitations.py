"""Portal invitations: staff invite by e-mail or a printed code; the patient sets up a login
once, before the invitation expires; staff see, resend and revoke; outsiders get 404."""

import re
import time
from datetime import timedelta
from unittest import mock

from django.core import mail
from django.test import override_settings
from django.utils import timezone

from taut.audit.models import AuditEntry
from taut.portal import invitations
from taut.portal.models import Invitation, InvitationKind
from tests.base import ClinicTestCase
from tests.factories import make_patient, make_user

NEW_PASSWORD = "quiet-harbour-lantern-42"


def link_in(message) -> str:
    return re.search(r"http://\S+/my/join/\S+/", message.body).group(0)


def path_of(url: str) -> str:
    return url.removeprefix("http://127.0.0.1:8000")


class InviteByEmailTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.ada = make_patient(cls.clinic, "Ada", "Byron", email="ada@example.org")

    def invite(self, user=None, email="ada@example.org"):
        self.login(user or self.bob)
        return self.client.post(f"/patients/{self.ada.uuid}/portal/invite/", {"email": email})

    def join(self, url, username="ada.byron", password=NEW_PASSWORD):
        self.client.logout()
        data = {"username": username, "password1": password, "password2": password}
        return self.client.post(path_of(url), data)

    def test_the_front_desk_sends_a_link_that_sets_up_a_login(self):
        response = self.invite()
        assert response.status_code == 302
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ada@example.org"]
        invitation = Invitation.objects.get(patient=self.ada)
        assert invitation.status == "sent" and invitation.created_by == self.bob
        response = self.join(link_in(mail.outbox[0]))
        assert response.status_code == 302 and response.url == "/my/"
        self.ada.refresh_from_db()
        assert self.ada.portal_user.username == "ada.byron"
        assert self.ada.portal_user.email == "ada@example.org"
        assert self.ada.portal_user.check_password(NEW_PASSWORD)
        invitation.refresh_from_db()
        assert invitation.status == "accepted" and invitation.accepted_by == self.ada.portal_user
        assert self.client.get("/my/").status_code == 200  # logged in as the patient

    def test_the_link_works_once(self):
        self.invite()
        url = link_in(mail.outbox[0])
        self.join(url)
        response = self.join(url, username="someone.else")
        assert response.status_code == 410
        assert "used already" in response.content.decode()

    def test_opening_the_link_is_shown_to_staff_as_opened(self):
        self.invite()
        self.client.logout()
        page = self.client.get(path_of(link_in(mail.outbox[0])))
        assert page.status_code == 200 and "Choose a username" in page.content.decode()
        assert Invitation.objects.get(patient=self.ada).status == "opened"
        self.login(self.bob)
        body = self.client.get(f"/patients/{self.ada.uuid}/").content.decode()
        assert "Opened, not yet accepted" in body

    def test_a_weak_password_is_refused_and_nothing_is_written(self):
        self.invite()
        response = self.join(link_in(mail.outbox[0]), password="password")
        assert response.status_code == 200
        assert "too common" in response.content.decode()
        self.ada.refresh_from_db()
        assert self.ada.portal_user is None

    def test_an_altered_link_is_refused(self):
        self.invite()
        url = link_in(mail.outbox[0])
        response = self.join(url[:-3] + "xx/")
        assert response.status_code == 410
        assert self.client.get("/my/join/not-a-token/").status_code == 410

    def test_an_expired_invitation_is_refused_and_shown_as_expired(self):
        self.invite()
        Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
        response = self.join(link_in(mail.outbox[0]))
        assert response.status_code == 410 and "expired" in response.content.decode()
        self.login(self.bob)
        assert ">Expired<" in self.client.get(f"/patients/{self.ada.uuid}/").content.decode()

    @override_settings(PORTAL_INVITATION_DAYS=7)
    def test_the_signature_itself_expires(self):
        invitation, key = invitations.issue(self.ada, self.bob, InvitationKind.EMAIL, "a@b.org")
        eight_days_ago = time.time() - 8 * 24 * 3600
        with mock.patch("django.core.signing.time.time", return_value=eight_days_ago):
            token = invitations.token_for(invitation, key)
        with self.assertRaisesMessage(invitations.InvitationError, "expired"):
            invitations.from_token(token)

    def test_a_resend_replaces_the_link(self):
        self.invite()
        first = link_in(mail.outbox[0])
        invitation = Invitation.objects.get()
        self.login(self.bob)
        self.client.post(f"/patients/{self.ada.uuid}/portal/{invitation.pk}/resend/")
        assert len(mail.outbox) == 2
        assert self.join(first).status_code == 410
        assert self.join(link_in(mail.outbox[1])).status_code == 302
        invitation.refresh_from_db()
        assert invitation.times_sent == 2 and invitation.status == "accepted"

    def test_a_revoked_invitation_no_longer_works(self):
        self.invite()
        invitation = Invitation.objects.get()
        self.login(self.alice)
        self.client.post(f"/patients/{self.ada.uuid}/portal/{invitation.pk}/revoke/")
        invitation.refresh_from_db()
        assert invitation.status == "revoked" and invitation.revoked_by == self.alice
        response = self.join(link_in(mail.outbox[0]))
        assert response.status_code == 410 and "withdrawn" in response.content.decode()

    def test_a_new_invitation_revokes_the_pending_one(self):
        self.invite()
        self.invite(email="ada.byron@example.net")
        first, second = Invitation.objects.order_by("pk")
        assert first.status == "revoked" and second.status == "sent"
        assert self.join(link_in(mail.outbox[0])).status_code == 410

    def test_each_step_is_audited(self):
        self.invite()
        invitation = Invitation.objects.get()
        self.join(link_in(mail.outbox[0]))
        details = [
            e.detail.get("invitation")
            for e in AuditEntry.objects.filter(
                object_type="portal.invitation", object_id=str(invitation.pk)
            ).order_by("seq")
        ]
        assert details == ["e-mail", "opened", "accepted"]

    def test_a_patient_with_a_login_is_not_invited(self):
        self.login(self.bob)
        response = self.client.post(
            f"/patients/{self.portal_patient.uuid}/portal/invite/", {"email": "p@example.org"}
        )
        assert response.status_code == 302 and not mail.outbox

    def test_an_invalid_address_is_refused(self):
        response = self.invite(email="not an address")
        assert response.status_code == 200 and not Invitation.objects.exists()

    def test_staff_opening_a_link_are_told_to_log_out(self):
        self.invite()
        response = self.client.get(path_of(link_in(mail.outbox[0])))  # still bob
        assert response.status_code == 403
        self.ada.refresh_from_db()
        assert self.ada.portal_user is None

    def test_a_patient_logged_in_elsewhere_adds_this_clinic_to_their_login(self):
        elsewhere = make_user("grace")
        make_patient(self.other_clinic, "Ada", "Byron", portal_user=elsewhere)
        self.invite()
        url = link_in(mail.outbox[0])
        self.client.logout()
        self.login(elsewhere)
        assert self.client.post(path_of(url)).status_code == 302
        self.ada.refresh_from_db()
        assert self.ada.portal_user == elsewhere

    def test_the_patient_can_reset_a_forgotten_password(self):
        self.invite()
        self.join(link_in(mail.outbox[0]))
        self.client.logout()
        self.client.post("/password/reset/", {"email": "ada@example.org"})
        reset = mail.outbox[-1]
        assert reset.to == ["ada@example.org"]
        url = re.search(r"http://\S+/password/reset/\S+/", reset.body).group(0)
        page = self.client.get(path_of(url), follow=True)
        form_url = page.redirect_chain[-1][0]
        self.client.post(form_url, {"new_password1": "another-long-phrase-7",
                                    "new_password2": "another-long-phrase-7"})  # fmt: skip
        self.ada.refresh_from_db()
        assert self.ada.portal_user.check_password("another-long-phrase-7")

    def test_outsiders_get_404(self):
        self.invite()
        invitation = Invitation.objects.get()
        self.login(self.charlie)
        base = f"/patients/{self.ada.uuid}/portal/"
        assert self.client.get(base + "invite/").status_code == 404
        assert self.client.post(base + "invite/", {"email": "x@example.org"}).status_code == 404
        assert self.client.post(base + "code/").status_code == 404
        assert self.client.post(base + f"{invitation.pk}/resend/").status_code == 404
        assert self.client.post(base + f"{invitation.pk}/revoke/").status_code == 404
        invitation.refresh_from_db()
        assert invitation.status == "sent" and len(mail.outbox) == 1

    def test_a_patient_cannot_invite(self):
        self.login(self.penny)
        assert self.client.post(f"/patients/{self.ada.uuid}/portal/code/").status_code == 404


class PrintedCodeTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.ada = make_patient(cls.clinic, "Ada", "Byron")  # no e-mail address

    def print_code(self) -> str:
        self.login(self.bob)
        response = self.client.post(f"/patients/{self.ada.uuid}/portal/code/")
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        body = response.content.decode()
        return re.search(r'class="one-time-code">([A-Z0-9-]+)<', body).group(1)

    def enter(self, code):
        self.client.logout()
        return self.client.post("/my/code/", {"code": code})

    def test_a_printed_code_leads_to_setting_up_a_login(self):
        code = self.print_code()
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
        response = self.enter(code.lower().replace("-", " "))  # typed loosely
        assert response.status_code == 302 and "/my/join/" in response.url
        data = {"username": "ada", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        assert self.client.post(response.url, data).status_code == 302
        self.ada.refresh_from_db()
        assert self.ada.portal_user.username == "ada"

    def test_a_code_works_once(self):
        code = self.print_code()
        url = self.enter(code).url
        data = {"username": "ada", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        self.client.post(url, data)
        response = self.enter(code)
        assert response.status_code == 200 and "used already" in response.content.decode()

    def test_the_code_is_not_stored(self):
        code = self.print_code()
        invitation = Invitation.objects.get()
        assert code.replace("-", "") not in invitation.key_digest

    def test_a_new_code_replaces_the_old(self):
        code = self.print_code()
        invitation = Invitation.objects.get()
        response = self.client.post(f"/patients/{self.ada.uuid}/portal/{invitation.pk}/resend/")
        assert response.status_code == 200 and "one-time-code" in response.content.decode()
        assert "not right" in self.enter(code).content.decode()

    def test_wrong_codes_are_throttled(self):
        code = self.print_code()
        for _ in range(invitations.THROTTLE_ATTEMPTS):
            assert self.enter("AAAA-AAAA").status_code == 200
        response = self.enter(code)  # even the right code waits now
        assert response.status_code == 429
        assert AuditEntry.objects.filter(action="login_failed").count() == 10

    def test_wrong_codes_from_elsewhere_do_not_count(self):
        code = self.print_code()
        self.client.logout()
        for _ in range(invitations.THROTTLE_ATTEMPTS):
            self.client.post("/my/code/", {"code": "AAAA-AAAA"}, REMOTE_ADDR="203.0.113.9")
        assert self.enter(code).status_code == 302

    def test_the_login_page_links_the_code_page(self):
        assert "/my/code/" in self.client.get("/login/").content.decode()
