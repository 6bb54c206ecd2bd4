"""Its author withdraws an intake sent by mistake, until someone else has reviewed it."""

from taut.audit.models import AuditEntry
from taut.intake.models import Intake
from tests.base import ClinicTestCase
from tests.exams.factories import make_assessment
from tests.treatment.base import SessionTestCase


class WithdrawalTests(SessionTestCase):
    def urls(self):
        base = (f"/patients/{self.patient.uuid}/episodes/{self.episode.pk}/intake/"
                f"{self.intake.pk}/")  # fmt: skip
        return base, base + "withdraw/"

    def test_the_author_withdraws_an_unreviewed_intake_and_it_is_no_longer_used(self):
        self.login(self.alice)
        page, withdraw = self.urls()
        assert "Withdraw (sent by mistake)" in self.client.get(page).content.decode()
        assert self.client.post(withdraw).status_code == 302
        kept = Intake.with_withdrawn.get(pk=self.intake.pk)
        assert kept.withdrawn_by == self.alice and kept.withdrawn_at is not None
        assert self.episode.latest_intake() is None
        assert self.client.get(page).status_code == 404
        assert AuditEntry.objects.filter(action="change", detail__withdrawn=True).exists()

    def test_once_someone_else_opened_it_it_can_no_longer_be_withdrawn(self):
        from taut.clinics.roles import Role
        from tests.factories import make_user

        dora = make_user("dora", (self.clinic, Role.CLINICIAN))
        page, withdraw = self.urls()
        self.client.force_login(dora)
        assert self.client.get(page).status_code == 200
        self.login(self.alice)
        assert "Withdraw (sent by mistake)" not in self.client.get(page).content.decode()
        response = self.client.post(withdraw, follow=True)
        assert "reviewed this intake already" in response.content.decode()
        assert Intake.objects.filter(pk=self.intake.pk).exists()

    def test_an_assessment_started_after_it_counts_as_a_review(self):
        make_assessment(self.episode, self.alice)
        self.login(self.alice)
        self.client.post(self.urls()[1])
        assert Intake.objects.filter(pk=self.intake.pk).exists()

    def test_only_its_author_may_withdraw_it(self):
        from taut.clinics.roles import Role
        from tests.factories import make_user

        self.client.force_login(make_user("dora", (self.clinic, Role.CLINICIAN)))
        self.client.post(self.urls()[1])
        assert Intake.objects.filter(pk=self.intake.pk).exists()

    def test_outsider_gets_404(self):
        self.login(self.charlie)
        assert self.client.post(self.urls()[1]).status_code == 404
        assert Intake.objects.filter(pk=self.intake.pk).exists()


class PortalWithdrawalTests(ClinicTestCase):
    """A patient withdraws the intake they sent from the portal, until the clinic opened it."""

    def send(self):
        from tests.portal.test_intake import answers

        self.login(self.penny)
        self.client.post("/my/intake/", answers())
        return Intake.objects.get()

    def test_the_patient_withdraws_the_intake_they_sent(self):
        make_portal_episode(self)
        intake = self.send()
        page = self.client.get("/my/intake/").content.decode()
        assert "Sent by mistake?" in page
        response = self.client.post(f"/my/intake/{intake.pk}/withdraw/", follow=True)
        assert "Your intake was withdrawn" in response.content.decode()
        assert (
            not Intake.objects.exists() and Intake.with_withdrawn.get().withdrawn_by == self.penny
        )

    def test_not_once_the_clinician_has_opened_it(self):
        episode = make_portal_episode(self)
        intake = self.send()
        self.login(self.alice)
        url = f"/patients/{self.portal_patient.uuid}/episodes/{episode.pk}/intake/{intake.pk}/"
        assert self.client.get(url).status_code == 200
        self.login(self.penny)
        assert "Sent by mistake?" not in self.client.get("/my/intake/").content.decode()
        self.client.post(f"/my/intake/{intake.pk}/withdraw/")
        assert Intake.objects.filter(pk=intake.pk).exists()

    def test_another_patient_gets_404(self):
        make_portal_episode(self)
        intake = self.send()
        from tests.factories import make_patient, make_user

        other = make_user("oscar")
        make_patient(self.clinic, "Oscar", "Wilde", portal_user=other)
        self.client.force_login(other)
        assert self.client.post(f"/my/intake/{intake.pk}/withdraw/").status_code == 404
        assert Intake.objects.filter(pk=intake.pk).exists()


def make_portal_episode(case):
    from tests.measures.factories import make_episode

    return make_episode(case.portal_patient, case.alice, title="Right neck pain")
