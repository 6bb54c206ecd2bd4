"""The intake form: what it accepts, what it refuses (with a clear message and nothing written),
and what a new intake copies forward from the previous one."""

import html
import json
import re
from datetime import date, timedelta

from django.utils import timezone

from taut.audit.models import AuditEntry
from taut.intake.models import Intake
from tests.episodes.factories import make_intake
from tests.intake.base import IntakeTestCase

DRAWING = [
    {"id": "temple_r", "intensity": 7, "quality": "aching"},
    {"id": "posterolateral_neck_r", "intensity": 5},
]


def answers(**changes) -> dict:
    data = {
        "drawing": json.dumps(DRAWING),
        "pain_now": "5", "pain_best": "2", "pain_worst": "8",
        "onset": "gradual", "onset_date": "2025-11-03",
        "causes": ["poor_posture", "chronic_stress", "cold_exposure"],
        "other_cause": " New office chair ", "goals": "Work a full day at the computer.",
        "red_flags": [], "absolute_contraindications": [],
        "relative_contraindications": ["anticoagulants"],
    }  # fmt: skip
    return {k: v for k, v in {**data, **changes}.items() if v is not None}


class SaveTests(IntakeTestCase):
    def test_it_saves_the_intake_and_shows_it(self):
        self.login(self.alice)
        response = self.client.post(self.url("new/"), answers())
        intake = Intake.objects.get()
        self.assertRedirects(response, self.url(f"{intake.pk}/"))
        assert intake.drawing == DRAWING
        assert (intake.pain_now, intake.pain_best, intake.pain_worst) == (5, 2, 8)
        assert intake.onset == "gradual" and intake.onset_date == date(2025, 11, 3)
        assert intake.causes == ["poor_posture", "chronic_stress", "cold_exposure"]
        assert intake.other_cause == "New office chair"
        assert intake.relative_contraindications == ["anticoagulants"]
        assert (intake.clinic, intake.patient, intake.recorded_by) == (
            self.clinic, self.patient, self.alice,
        )  # fmt: skip

    def test_creating_an_intake_is_audited(self):
        self.login(self.alice)
        self.client.post(self.url("new/"), answers())
        intake = Intake.objects.get()
        entry = AuditEntry.objects.get(action="create", object_type="intake.intake")
        assert entry.object_id == str(intake.pk) and entry.patient_id == self.patient.pk
        assert entry.user_id == self.alice.pk

    def test_pain_scores_need_not_be_in_order(self):
        self.login(self.alice)
        self.client.post(self.url("new/"), answers(pain_now="9", pain_best="4", pain_worst="3"))
        assert Intake.objects.get().pain_now == 9

    def test_an_empty_drawing_is_allowed(self):
        self.login(self.alice)
        self.client.post(self.url("new/"), answers(drawing="[]", pain_now="0"))
        assert Intake.objects.get().drawing == []


class RefusalTests(IntakeTestCase):
    def refused(self, **changes):
        self.login(self.alice)
        response = self.client.post(self.url("new/"), answers(**changes))
        assert response.status_code == 200
        assert not Intake.objects.exists()
        assert not AuditEntry.objects.filter(action="create").exists()
        return response

    def test_a_pain_score_of_11_is_refused_with_a_clear_message(self):
        response = self.refused(pain_worst="11")
        assert response.context["form"].errors["pain_worst"] == [
            "Score pain from 0 (no pain) to 10 (the worst pain imaginable)."
        ]
        self.assertContains(response, "Some answers need attention; nothing was saved.")

    def test_a_negative_or_missing_pain_score_is_refused(self):
        assert "pain_best" in self.refused(pain_best="-1").context["form"].errors
        errors = self.refused(pain_now=None).context["form"].errors
        assert errors["pain_now"] == ["Choose a score from 0 to 10."]

    def test_an_onset_date_in_the_future_is_refused(self):
        tomorrow = timezone.localdate() + timedelta(days=1)
        response = self.refused(onset_date=tomorrow.isoformat())
        assert response.context["form"].errors["onset_date"] == [
            "The onset date cannot be in the future."
        ]

    def test_an_onset_date_before_birth_is_refused(self):
        response = self.refused(onset_date="1970-01-01")
        assert "onset_date" in response.context["form"].errors

    def test_malformed_drawing_json_is_refused_and_kept(self):
        response = self.refused(drawing='[{"id": "temple_r", "intensity": 7')
        assert response.context["form"].errors["drawing"] == [
            "The pain drawing could not be read. Clear it and mark the regions again."
        ]
        # What the user entered goes back into the body map's input.
        self.assertContains(response, 'value="[{&quot;id&quot;: &quot;temple_r&quot;')
        self.assertContains(response, 'id="id_drawing_error"')

    def test_a_drawing_that_is_not_a_list_is_refused(self):
        response = self.refused(drawing='{"id": "temple_r"}')
        assert "drawing" in response.context["form"].errors

    def test_an_unknown_region_id_is_refused(self):
        response = self.refused(drawing=json.dumps([{"id": "templ_r", "intensity": 5}]))
        assert response.context["form"].errors["drawing"] == [
            "Mark 1 of the pain drawing is not a region of the body map ('templ_r')."
        ]

    def test_an_intensity_outside_1_to_10_or_not_a_whole_number_is_refused(self):
        for intensity in (0, 11, 5.5, "5", True, None):
            drawing = json.dumps([{"id": "temple_r", "intensity": intensity}])
            errors = self.refused(drawing=drawing).context["form"].errors["drawing"]
            assert errors == ["Temple, right: the intensity must be a whole number from 1 to 10."]

    def test_an_unknown_quality_is_refused(self):
        drawing = json.dumps([{"id": "temple_r", "intensity": 5, "quality": "throbbing"}])
        errors = self.refused(drawing=drawing).context["form"].errors["drawing"]
        assert errors[0].startswith("Temple, right: the quality must be one of aching")

    def test_a_region_marked_twice_is_refused(self):
        drawing = json.dumps(
            [{"id": "temple_r", "intensity": 5}, {"id": "temple_r", "intensity": 3}]
        )
        errors = self.refused(drawing=drawing).context["form"].errors["drawing"]
        assert errors == ["Temple, right is marked twice; mark each region once."]

    def test_marks_without_a_region_or_with_unexpected_fields_are_refused(self):
        for mark in ("temple_r", {"intensity": 5}, {"id": "temple_r", "intensity": 5, "x": 1}):
            assert "drawing" in self.refused(drawing=json.dumps([mark])).context["form"].errors
        assert (
            "drawing"
            in self.refused(drawing=json.dumps([{"id": ["temple_r"]}])).context["form"].errors
        )

    def test_an_unknown_cause_or_screening_answer_is_refused(self):
        assert "causes" in self.refused(causes=["bad_luck"]).context["form"].errors
        assert "red_flags" in self.refused(red_flags=["headache"]).context["form"].errors


class CopyForwardTests(IntakeTestCase):
    def test_a_new_intake_starts_from_the_episodes_previous_one(self):
        older = make_intake(self.episode, self.alice, drawing=[{"id": "temple_r", "intensity": 2}])
        older.recorded_at -= timedelta(days=30)
        older.save()
        make_intake(
            self.episode, self.alice, pain_now=4, pain_best=1, pain_worst=7, onset="injury",
            onset_date=date(2025, 10, 1), causes=["heavy_lifting"], goals="Lift my grandson.",
            red_flags=["night_pain"], relative_contraindications=["pregnancy"],
        )  # fmt: skip
        self.login(self.alice)
        response = self.client.get(self.url("new/"))
        form = response.context["form"]
        assert form["pain_now"].value() == 4 and form["pain_worst"].value() == 7
        assert form["onset"].value() == "injury" and form["onset_date"].value() == date(2025, 10, 1)
        assert form["causes"].value() == ["heavy_lifting"]
        assert form["goals"].value() == "Lift my grandson."
        assert form["red_flags"].value() == ["night_pain"]
        assert form["relative_contraindications"].value() == ["pregnancy"]
        assert json.loads(form["drawing"].value()) == [
            {"id": "temple_r", "intensity": 7, "quality": "aching"},
            {"id": "posterolateral_neck_r", "intensity": 5},
        ]
        self.assertContains(response, "Pre-filled from the intake of")
        # The same drawing reaches the page's hidden input (key order is the database's).
        value = re.search(
            r'name="drawing" id="id_drawing" value="([^"]*)"', response.content.decode()
        )
        assert json.loads(html.unescape(value.group(1))) == json.loads(form["drawing"].value())

    def test_the_first_intake_of_an_episode_starts_empty(self):
        self.login(self.alice)
        response = self.client.get(self.url("new/"))
        form = response.context["form"]
        assert form["pain_now"].value() is None and form["drawing"].value() == "[]"
        self.assertNotContains(response, "Pre-filled from the intake of")


class LayoutTests(IntakeTestCase):
    def test_the_first_eight_causes_are_shown_before_more(self):
        self.login(self.alice)
        body = self.client.get(self.url("new/")).content.decode()
        more = body.index("More causes")
        for cause in ("repetitive_movement", "inactivity"):
            assert body.index(f'value="{cause}"') < more
        for cause in ("sustained_shortening", "joint_dysfunction"):
            assert body.index(f'value="{cause}"') > more

    def test_the_more_section_opens_when_one_of_its_causes_is_ticked(self):
        make_intake(self.episode, self.alice, causes=["footwear"])
        self.login(self.alice)
        self.assertContains(self.client.get(self.url("new/")), '<details class="intake-more" open>')

    def test_the_form_offers_the_body_map_and_the_screens(self):
        self.login(self.alice)
        response = self.client.get(self.url("new/"))
        self.assertContains(response, "data-bodymap")
        self.assertContains(response, "reference/bodymap.js")
        self.assertContains(response, "New change in bowel or bladder control")
        self.assertContains(response, "Needle phobia")
        self.assertContains(response, "Metal allergy")
