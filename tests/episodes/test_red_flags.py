"""Red flags reach the session, the plan and the chart; needling in the episode waits for a
recorded, audited decision (cleared after assessment, referred, or treated for a stated
reason). Sources of the red flags: Finucane et al. 2020 and the others in
taut/clinical/screening.py."""

from taut.audit.models import AuditEntry
from taut.episodes.models import RedFlagDecision, RedFlagOutcome
from taut.treatment import rules
from taut.treatment.models import TreatmentSession
from tests.episodes.factories import make_intake
from tests.treatment.base import SessionTestCase
from tests.treatment.factories import needling_row, session_data


def decide(episode, by, outcome, reason="", flags=None) -> RedFlagDecision:
    return RedFlagDecision.objects.create(
        clinic=episode.clinic, episode=episode, decided_by=by, outcome=outcome, reason=reason,
        red_flags=flags if flags is not None else list(episode.latest_intake().red_flags),
    )  # fmt: skip


class RedFlagTestCase(SessionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.flagged = make_intake(cls.episode, cls.alice, red_flags=["saddle_numbness", "fever"])

    def setUp(self):
        self.login(self.alice)

    def decision_url(self) -> str:
        return f"/patients/{self.patient.uuid}/episodes/{self.episode.pk}/red-flags/"


class BlockingTests(RedFlagTestCase):
    def test_a_red_flag_without_a_decision_blocks_needling_finucane_2020(self):
        """Finucane 2020: a red flag calls for a decision before treatment goes ahead."""
        assert rules.needling_blockers(rules.OnFile.of(self.episode)) == [rules.RED_FLAG_PENDING]

    def test_cleared_after_assessment_opens_needling(self):
        decide(self.episode, self.alice, RedFlagOutcome.CLEARED, "Neuro screen normal")
        assert rules.needling_blockers(rules.OnFile.of(self.episode)) == []

    def test_treated_for_a_stated_reason_opens_needling(self):
        decide(self.episode, self.alice, RedFlagOutcome.TREAT, "Fever was a cold, now gone")
        assert rules.needling_blockers(rules.OnFile.of(self.episode)) == []

    def test_a_referral_keeps_needling_closed_until_a_later_decision(self):
        decide(self.episode, self.alice, RedFlagOutcome.REFERRED, "To the GP today")
        assert rules.needling_blockers(rules.OnFile.of(self.episode)) == [rules.RED_FLAG_REFERRED]
        decide(self.episode, self.alice, RedFlagOutcome.CLEARED, "GP letter: no concern")
        assert rules.needling_blockers(rules.OnFile.of(self.episode)) == []

    def test_a_red_flag_reported_after_the_decision_needs_a_new_one(self):
        decide(self.episode, self.alice, RedFlagOutcome.CLEARED)
        make_intake(self.episode, self.alice, red_flags=["saddle_numbness", "fever", "myelopathy"])
        assert rules.needling_blockers(rules.OnFile.of(self.episode)) == [rules.RED_FLAG_PENDING]

    def test_the_session_form_refuses_needling_and_shows_the_red_flags(self):
        response = self.client.post(
            f"/patients/{self.patient.uuid}/episodes/{self.episode.pk}/sessions/new/",
            session_data(needling=[needling_row("temporalis", "right")]),
        )
        assert response.status_code == 200 and not TreatmentSession.objects.exists()
        body = response.content.decode()
        assert "Needling refused: Red flag without a recorded decision" in body
        assert "Numbness around the groin, genitals or back passage" in body
        assert "Record the decision" in body

    def test_the_session_without_needling_still_saves(self):
        response = self.client.post(
            f"/patients/{self.patient.uuid}/episodes/{self.episode.pk}/sessions/new/",
            session_data(soft_tissue=["stretch"]),
        )
        assert response.status_code == 302 and TreatmentSession.objects.count() == 1


class DecisionPageTests(RedFlagTestCase):
    def test_the_decision_is_saved_for_the_flags_on_file_and_audited(self):
        response = self.client.post(
            self.decision_url(), {"outcome": "cleared", "reason": " Neuro screen normal "}
        )
        assert response.status_code == 302
        decision = RedFlagDecision.objects.get()
        assert decision.red_flags == ["saddle_numbness", "fever"]
        assert (decision.outcome, decision.reason, decision.decided_by) == (
            "cleared", "Neuro screen normal", self.alice,
        )  # fmt: skip
        entry = AuditEntry.objects.filter(object_type="episodes.redflagdecision").get()
        assert entry.action == "create" and entry.patient_id == self.patient.pk
        assert entry.detail == {"outcome": "cleared", "red_flags": ["saddle_numbness", "fever"]}

    def test_treating_despite_a_red_flag_needs_a_reason(self):
        response = self.client.post(self.decision_url(), {"outcome": "treat", "reason": "  "})
        assert response.status_code == 200 and not RedFlagDecision.objects.exists()
        self.assertContains(response, "State why treatment goes ahead despite the red flag.")

    def test_an_unknown_outcome_is_refused(self):
        response = self.client.post(self.decision_url(), {"outcome": "maybe"})
        assert response.status_code == 200 and not RedFlagDecision.objects.exists()

    def test_without_a_red_flag_there_is_nothing_to_decide(self):
        make_intake(self.episode, self.alice)
        response = self.client.post(self.decision_url(), {"outcome": "cleared"})
        assert response.status_code == 302 and not RedFlagDecision.objects.exists()

    def test_the_front_desk_cannot_decide(self):
        self.login(self.bob)
        response = self.client.post(self.decision_url(), {"outcome": "cleared"})
        assert response.status_code == 403 and not RedFlagDecision.objects.exists()

    def test_outsider_gets_404(self):
        self.login(self.charlie)
        assert self.client.get(self.decision_url()).status_code == 404
        response = self.client.post(self.decision_url(), {"outcome": "cleared"})
        assert response.status_code == 404 and not RedFlagDecision.objects.exists()


class ShownTests(RedFlagTestCase):
    def test_the_chart_shows_the_red_flag_and_the_missing_decision(self):
        response = self.client.get(f"/patients/{self.patient.uuid}/chart/")
        self.assertContains(response, "Fever, chills or feeling generally unwell")
        self.assertContains(response, "No decision recorded yet: needling waits for it.")

    def test_the_chart_shows_the_decision_once_recorded(self):
        decide(self.episode, self.alice, RedFlagOutcome.REFERRED, "To the GP")
        response = self.client.get(f"/patients/{self.patient.uuid}/chart/")
        self.assertContains(response, "Decision: Referred to a physician")
        self.assertContains(response, "red flag: referred to a physician")

    def test_the_plan_proposal_shows_the_red_flag_and_proposes_no_needling(self):
        response = self.client.get(
            f"/patients/{self.patient.uuid}/episodes/{self.episode.pk}/plan/proposal/"
        )
        self.assertContains(response, "Red flag on the intake (")
        self.assertContains(response, "no needling is proposed")
