"""Recording a session: needling refused while a blocker is on file, warnings confirmed before
saving, clear field errors for bad input, and nothing half-written."""

from decimal import Decimal
from html import escape

from django.utils import timezone

from taut.audit.models import AuditEntry
from taut.exams.models import RangeOfMotion, RomNorm
from taut.notes.models import ClinicalNote, NoteStatus
from taut.patients.models import Patient
from taut.treatment.models import AdverseEvent, Needling, TreatmentSession
from tests.episodes.factories import make_intake
from tests.treatment.base import SessionTestCase
from tests.treatment.factories import make_session, needling_row, session_data

TRAPEZIUS_WARNING = "Pneumothorax risk: Upper trapezius"


class CreateTestCase(SessionTestCase):
    def setUp(self):
        self.login(self.alice)

    def post(self, **data):
        return self.client.post(self.url("new/"), session_data(**data))

    def counts(self) -> tuple[int, ...]:
        return (
            TreatmentSession.objects.count(), Needling.objects.count(),
            RangeOfMotion.objects.count(), AdverseEvent.objects.count(),
            ClinicalNote.objects.count(),
        )  # fmt: skip

    def assert_nothing_written(self, before):
        assert self.counts() == before


class SavingTests(CreateTestCase):
    def test_a_session_is_saved_with_its_rows_and_audited(self):
        response = self.post(
            needling=[needling_row("temporalis", "right", trigger_point="temporalis_tp1")],
            rom=[{"movement": "shoulder_flexion", "side": "right", "degrees": "120"}],
            events=[{"kind": "bruising", "severity": "mild", "details": "Small bruise"}],
            soft_tissue=["ischaemic", "stretch"], exercises="Chin tucks",
        )  # fmt: skip
        session = TreatmentSession.objects.get()
        assert response.status_code == 302 and response.url == self.url(session=session)
        assert (session.clinician, session.pain_before, session.pain_after) == (self.alice, 6, 3)
        assert session.soft_tissue == ["ischaemic", "stretch"] and session.exercises == "Chin tucks"
        n = session.needlings.get()
        assert (n.muscle, n.trigger_point, n.side, n.insertions, n.twitch_responses) == (
            "temporalis", "temporalis_tp1", "right", 4, 2,
        )  # fmt: skip
        assert session.adverse_events.get().details == "Small bruise"
        created = AuditEntry.objects.filter(action="create")
        assert {e.object_type for e in created} == {
            "treatment.treatmentsession",
            "notes.clinicalnote",
        }

    def test_a_needle_left_blank_takes_the_muscles_guidance_minimum(self):
        self.post(needling=[needling_row("gluteus_medius")])
        n = Needling.objects.get()
        assert (n.needle_length_mm, n.needle_gauge_mm) == (Decimal("50"), Decimal("0.25"))

    def test_a_needle_given_is_kept(self):
        self.post(needling=[needling_row(needle_length_mm="40", needle_gauge_mm="0.30")])
        n = Needling.objects.get()
        assert (n.needle_length_mm, n.needle_gauge_mm) == (Decimal("40"), Decimal("0.3"))

    def test_blank_rows_are_skipped(self):
        blank_needle = {"muscle": "", "side": "", "technique": "pistoning", "insertions": "1",
                        "twitch_responses": "0"}  # fmt: skip
        blank_rom = {"movement": "", "side": "midline", "degrees": ""}
        response = self.post(needling=[blank_needle], rom=[blank_rom], events=[{"kind": ""}])
        assert response.status_code == 302
        session = TreatmentSession.objects.get()
        assert not session.needlings.exists() and not session.rom.exists()
        assert not session.adverse_events.exists()

    def test_range_of_motion_keeps_the_clinics_normal_and_its_source(self):
        RomNorm.objects.create(
            clinic=self.clinic, movement="shoulder_flexion", degrees=170, source="Clinic protocol"
        )
        self.post(rom=[{"movement": "shoulder_flexion", "side": "right", "degrees": "85"}])
        row = RangeOfMotion.objects.get()
        assert row.session is not None and row.assessment is None
        assert (row.degrees, row.normal_degrees, row.normal_source) == (85, 170, "Clinic protocol")

    def test_the_default_normal_applies_without_a_clinic_value(self):
        self.post(rom=[{"movement": "shoulder_flexion", "side": "left", "degrees": "90"}])
        row = RangeOfMotion.objects.get()
        assert row.normal_degrees == 180 and row.normal_source.startswith("AAOS")

    def test_an_archived_patients_episode_takes_no_session(self):
        Patient.objects.filter(pk=self.patient.pk).update(archived_at=timezone.now())
        assert self.post().status_code == 404
        assert not TreatmentSession.objects.exists()


class CopyForwardTests(CreateTestCase):
    def test_the_form_carries_the_last_sessions_muscles_techniques_and_needles(self):
        last = make_session(self.episode, self.alice, needled=[("temporalis", "right")],
                            soft_tissue=["stretch"])  # fmt: skip
        last.needlings.update(technique="static", trigger_point="temporalis_tp2")
        entry = self.client.get(self.url("new/")).context["entry"]
        assert entry.needling.initial == [
            {"muscle": "temporalis", "trigger_point": "temporalis_tp2", "side": "right",
             "technique": "static", "needle_length_mm": Decimal("30.0"),
             "needle_gauge_mm": Decimal("0.25")},
        ]  # fmt: skip
        assert entry.form.initial == {"soft_tissue": ["stretch"]}

    def test_a_carried_muscle_ticked_remove_is_not_saved(self):
        make_session(self.episode, self.alice, needled=["temporalis"])
        rows = [needling_row("temporalis", DELETE="on"), needling_row("masseter_superficial")]
        assert self.post(needling=rows, initial_needling=1).status_code == 302
        latest = TreatmentSession.objects.order_by("-pk").first()
        assert [n.muscle for n in latest.needlings.all()] == ["masseter_superficial"]

    def test_nothing_is_carried_while_needling_is_blocked(self):
        make_session(self.episode, self.alice, needled=["temporalis"])
        self.withdraw_consent()
        response = self.client.get(self.url("new/"))
        assert not response.context["entry"].needling.initial
        assert "Needling cannot be recorded: No consent on file" in response.content.decode()


class BlockerTests(CreateTestCase):
    def test_needling_without_consent_is_refused_and_nothing_is_written(self):
        self.withdraw_consent()
        before, audited = self.counts(), AuditEntry.objects.filter(action="create").count()
        response = self.post(needling=[needling_row()], rom=[
            {"movement": "shoulder_flexion", "side": "right", "degrees": "120"}
        ])  # fmt: skip
        assert response.status_code == 200
        assert "Needling refused: No consent on file." in response.content.decode()
        self.assert_nothing_written(before)
        assert AuditEntry.objects.filter(action="create").count() == audited

    def test_needling_with_an_absolute_contraindication_is_refused(self):
        make_intake(self.episode, self.alice, absolute_contraindications=["needle_phobia"])
        before = self.counts()
        response = self.post(needling=[needling_row()])
        assert "Needling refused: Needle phobia." in response.content.decode()
        self.assert_nothing_written(before)

    def test_a_confirmation_does_not_lift_a_blocker(self):
        self.withdraw_consent()
        before = self.counts()
        self.post(needling=[needling_row("upper_trapezius")], **self.confirmed([TRAPEZIUS_WARNING]))
        self.assert_nothing_written(before)

    def test_a_session_without_needling_is_saved_without_consent(self):
        self.withdraw_consent()
        assert self.post(soft_tissue=["massage"]).status_code == 302
        assert TreatmentSession.objects.get().soft_tissue == ["massage"]


class WarningTests(CreateTestCase):
    def test_needling_a_muscle_over_the_lung_asks_for_confirmation_first(self):
        before = self.counts()
        response = self.post(needling=[needling_row("upper_trapezius")])
        body = response.content.decode()
        assert response.status_code == 200
        assert TRAPEZIUS_WARNING in body and "I have considered these warnings" in body
        assert "Tick “I have considered these warnings” to save the needling." in body
        self.assert_nothing_written(before)

    def test_with_the_box_ticked_it_saves_and_the_audit_keeps_the_warnings(self):
        response = self.post(
            needling=[needling_row("upper_trapezius")], **self.confirmed([TRAPEZIUS_WARNING])
        )
        assert response.status_code == 302
        assert Needling.objects.get().muscle == "upper_trapezius"
        entry = AuditEntry.objects.get(action="create", object_type="treatment.treatmentsession")
        assert entry.detail == {"warnings_considered": [TRAPEZIUS_WARNING]}

    def test_the_box_ticked_under_other_warnings_does_not_cover_a_new_one(self):
        make_intake(self.episode, self.alice, relative_contraindications=["pregnancy"])
        before = self.counts()
        response = self.post(
            needling=[needling_row("upper_trapezius")], **self.confirmed(["Pregnancy"])
        )
        assert TRAPEZIUS_WARNING in response.content.decode()
        assert response.context["confirm_missing"]
        self.assert_nothing_written(before)

    def test_a_relative_contraindication_on_file_asks_for_confirmation(self):
        make_intake(self.episode, self.alice, relative_contraindications=["anticoagulants"])
        warning = "Anticoagulants or a bleeding disorder"
        response = self.post(needling=[needling_row()])
        assert response.status_code == 200 and warning in response.content.decode()
        assert not TreatmentSession.objects.exists()
        assert self.post(needling=[needling_row()], **self.confirmed([warning])).status_code == 302

    def test_the_form_lists_the_warnings_of_the_carried_muscles_up_front(self):
        make_session(self.episode, self.alice, needled=["upper_trapezius"])
        response = self.client.get(self.url("new/"))
        assert response.context["warnings"] == [TRAPEZIUS_WARNING]

    def test_without_needling_no_confirmation_is_asked(self):
        make_intake(self.episode, self.alice, relative_contraindications=["anticoagulants"])
        assert self.post().status_code == 302


class BadInputTests(CreateTestCase):
    def refused(self, **data) -> dict:
        """Post, check nothing was written, and return the errors by row or field."""
        before = self.counts()
        response = self.post(**data)
        assert response.status_code == 200
        self.assert_nothing_written(before)
        entry = response.context["entry"]
        return {
            "form": entry.form.errors,
            "needling": entry.needling.errors,
            "rom": entry.rom.errors,
            "events": entry.events.errors,
        }

    def test_pain_of_11_is_refused(self):
        errors = self.refused(pain_before="11", needling=[needling_row()])
        assert errors["form"]["pain_before"] == ["Pain is a whole number from 0 to 10."]

    def test_pain_after_of_minus_1_is_refused(self):
        assert self.refused(pain_after="-1")["form"]["pain_after"] == [
            "Pain is a whole number from 0 to 10."
        ]

    def test_pain_before_is_required(self):
        errors = self.refused(pain_before="")
        assert errors["form"]["pain_before"] == ["Rate the pain before treatment from 0 to 10."]

    def test_negative_degrees_are_refused(self):
        errors = self.refused(
            rom=[{"movement": "shoulder_flexion", "side": "right", "degrees": "-5"}]
        )
        assert errors["rom"][0]["degrees"] == ["Degrees cannot be negative (0 to 360)."]

    def test_an_unknown_muscle_is_refused(self):
        errors = self.refused(needling=[needling_row("biceps_of_the_ear")])
        assert errors["needling"][0]["muscle"] == ["Choose a muscle of the list."]

    def test_a_trigger_point_of_another_muscle_is_refused(self):
        errors = self.refused(
            needling=[needling_row("temporalis", trigger_point="masseter_superficial_tp1")]
        )
        assert errors["needling"][0]["trigger_point"][0].startswith(
            "This trigger point is not in Temporalis"
        )

    def test_bad_needling_numbers_are_refused(self):
        row = needling_row(insertions="0", twitch_responses="-1", needle_gauge_mm="0.9",
                           needle_length_mm="long")  # fmt: skip
        errors = self.refused(needling=[row])["needling"][0]
        assert errors["insertions"] == ["A muscle needled had at least 1 insertion."]
        assert errors["twitch_responses"] == ["Twitch responses cannot be negative."]
        assert errors["needle_gauge_mm"] == ["The gauge is from 0.1 to 0.5 mm."]
        assert errors["needle_length_mm"] == ["Enter the needle length in millimetres."]

    def test_a_needled_muscle_needs_a_side(self):
        assert self.refused(needling=[needling_row(side="")])["needling"][0]["side"] == [
            "Choose the side."
        ]

    def test_an_adverse_event_needs_its_severity(self):
        errors = self.refused(events=[{"kind": "bruising", "severity": ""}])
        assert errors["events"][0]["severity"] == ["Choose how severe it was."]

    def test_one_bad_row_keeps_the_good_ones_unsaved_too(self):
        errors = self.refused(needling=[needling_row(), needling_row("temporalis", side="up")])
        assert errors["needling"][0] == {} and "side" in errors["needling"][1]

    def test_the_summary_names_each_problem(self):
        response = self.post(pain_before="11", needling=[needling_row(insertions="0")])
        body = response.content.decode()
        assert "Some entries need attention; nothing was saved." in body
        assert escape("Muscle 1: A muscle needled had at least 1 insertion.") in body

    def test_a_tampered_form_is_refused_not_a_500(self):
        data = session_data(needling=[needling_row()])
        del data["needling-TOTAL_FORMS"]
        before = self.counts()
        assert self.client.post(self.url("new/"), data).status_code == 200
        self.assert_nothing_written(before)


class SoapDraftTests(CreateTestCase):
    def test_saving_a_session_writes_its_soap_note_as_a_draft(self):
        self.post(
            pain_before="7", pain_after="4",
            needling=[needling_row("temporalis", "right", trigger_point="temporalis_tp1",
                                   twitch_responses="3")],
            rom=[{"movement": "shoulder_flexion", "side": "right", "degrees": "90"}],
            events=[{"kind": "bruising", "severity": "mild", "action_taken": "Ice pack"}],
            exercises="Chin tucks, 10 twice a day",
        )  # fmt: skip
        session = TreatmentSession.objects.get()
        note = session.note
        assert (note.session, note.status, note.author, note.patient) == (
            session, NoteStatus.DRAFT, self.alice, self.patient,
        )  # fmt: skip
        text = note.text
        assert text.startswith("S: Right neck pain and headache. Pain before treatment 7/10.")
        assert "90°, 50 % of normal (180°)" in text
        assert "Temporalis (right)" in text and "3 local twitch responses" in text
        assert "Bruising, mild; action taken: Ice pack" in text
        assert "A: Pain 7/10 before and 4/10 after treatment (3 points lower)." in text
        assert "Exercises taught: Chin tucks, 10 twice a day." in text
        assert "Plan: continue as agreed." in text

    def test_a_plan_given_replaces_the_default_line(self):
        self.post(comments="Review in one week")
        text = TreatmentSession.objects.get().note.text
        assert "Plan: Review in one week." in text and "continue as agreed" not in text


class SiteRefusalTests(CreateTestCase):
    """ASAP 2013; Dommerholt 2019: no needle into a limb with lymphoedema or broken skin."""

    def test_needling_into_a_closed_site_is_refused_and_nothing_is_written(self):
        make_intake(self.episode, self.alice, site_contraindications=["lymphoedema:arm_l"])
        before = self.counts()
        response = self.post(needling=[needling_row("biceps_brachii", "left")])
        assert response.status_code == 200
        self.assert_nothing_written(before)
        body = response.content.decode()
        assert "Needling refused at a closed site; nothing was saved" in body
        assert "Biceps brachii (left): lymphoedema, left shoulder, arm and hand" in body

    def test_the_other_arm_is_open(self):
        make_intake(self.episode, self.alice, site_contraindications=["lymphoedema:arm_l"])
        response = self.post(needling=[needling_row("biceps_brachii", "right")])
        assert response.status_code == 302 and TreatmentSession.objects.count() == 1

    def test_the_form_lists_the_closed_sites_up_front(self):
        make_intake(self.episode, self.alice, site_contraindications=["local_infection:leg_r"])
        response = self.client.get(self.url("new/"))
        self.assertContains(response, "No needling at these sites")
        self.assertContains(response, "Infection or broken skin: right hip, thigh, leg and foot")


class NoSourcedNeedleTests(CreateTestCase):
    def test_a_muscle_with_no_sourced_needle_size_asks_for_one(self):
        """Pronator quadratus has no sourced needle size: the form asks, it does not guess."""
        before = self.counts()
        response = self.post(needling=[needling_row("pronator_quadratus", "left")])
        assert response.status_code == 200
        self.assert_nothing_written(before)
        self.assertContains(
            response, "Enter the needle length: no source gives one for this muscle."
        )

    def test_it_saves_once_the_sizes_are_entered(self):
        row = needling_row(
            "pronator_quadratus", "left", needle_length_mm="25", needle_gauge_mm="0.25"
        )
        response = self.post(needling=[row])
        assert response.status_code == 302
        assert Needling.objects.get().needle_length_mm == Decimal("25")
