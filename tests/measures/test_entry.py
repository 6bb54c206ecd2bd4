"""Filling in a questionnaire: scored by the scoring library through the form, refused with the
library's message on the item it names, nothing written when anything is wrong."""

from datetime import date

from taut.audit.actions import Action
from taut.audit.models import AuditEntry
from taut.measures.models import QuestionnaireResponse
from tests.base import ClinicTestCase
from tests.measures.factories import NDI_WORKED, make_episode

WHEN = "2026-03-02T09:15"
OPENED = date(2026, 3, 2)  # the episode opened the day WHEN was answered


def items(*values) -> dict[str, str]:
    return {f"item_{n}": str(v) for n, v in enumerate(values, 1)}


class EntryTestCase(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = make_episode(cls.patient, cls.alice, opened_on=OPENED)

    def setUp(self):
        self.login(self.alice)

    def url(self, instrument: str) -> str:
        return (
            f"/patients/{self.patient.uuid}/episodes/{self.episode.pk}/measures/new/{instrument}/"
        )

    def post(self, instrument: str, data: dict):
        return self.client.post(
            self.url(instrument), {"answered_at": WHEN, "source": "paper", **data}
        )

    def saved(self, instrument: str, data: dict) -> QuestionnaireResponse:
        response = self.post(instrument, data)
        assert response.status_code == 302, response.context["form"].errors
        return QuestionnaireResponse.objects.get()

    def refused(self, instrument: str, data: dict, field: str, message: str):
        response = self.post(instrument, data)
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert any(message in e for e in errors[field]), errors
        assert message in response.content.decode().replace("&#x27;", "'")
        assert not QuestionnaireResponse.objects.exists()
        assert not AuditEntry.objects.filter(action=Action.CREATE).exists()


class FormTests(EntryTestCase):
    def test_without_its_wording_a_licensed_instrument_is_entered_from_paper_only(self):
        body = self.client.get(self.url("ndi")).content.decode()
        assert "Headaches" in body and "Recreation" in body
        assert "Wording not loaded" in body
        assert 'value="paper"' in body and 'value="screen"' not in body
        assert body.count('value="na"') == 10  # NDI allows missing items

    def test_a_shipped_instrument_shows_its_full_wording_and_both_sources(self):
        body = self.client.get(self.url("nprs")).content.decode()
        assert "How strong has your pain been over the last 24 hours?" in body
        assert "The worst pain you can imagine" in body
        assert 'value="paper"' in body and 'value="screen"' in body
        assert "Wording not loaded" not in body

    def test_a_paper_entry_is_marked_from_paper(self):
        saved = self.saved("ndi", items(*NDI_WORKED))
        assert saved.source == "paper" and saved.wording is None

    def test_screen_is_refused_without_the_wording(self):
        self.refused("ndi", {**items(*NDI_WORKED), "source": "screen"}, "source",
                     "not one of the available choices")  # fmt: skip

    def test_not_answered_is_offered_only_where_the_missing_rule_allows(self):
        assert 'value="na"' not in self.client.get(self.url("nprs")).content.decode()
        assert self.client.get(self.url("fiqr")).content.decode().count('value="na"') == 9
        assert self.client.get(self.url("quickdash")).content.decode().count('value="na"') == 11

    def test_nprs_is_one_row_from_0_to_10(self):
        body = self.client.get(self.url("nprs")).content.decode()
        # 11 ratings, and the two ways the questions were put (screen or paper)
        assert body.count('type="radio"') == 11 + 2 and "How strong has your pain" in body

    def test_acr_areas_are_grouped_by_side_and_region(self):
        body = self.client.get(self.url("acr2016")).content.decode()
        for heading in ("Left side", "Right side", "Axial", "Left upper region", "Axial region"):
            assert heading in body
        assert body.count('type="checkbox"') == 19 + 1  # 19 areas and "filled in by patient"

    def test_an_unknown_instrument_is_404(self):
        assert self.client.get(self.url("sf36")).status_code == 404


class ScoringThroughTheFormTests(EntryTestCase):
    def test_ndi_with_a_missing_item_is_prorated(self):
        # docs/scoring.md: 21 points over 9 answered items is 46.67%, moderate.
        saved = self.saved("ndi", {f"item_{n}": v for n, v in enumerate(NDI_WORKED, 1)})
        assert saved.score == 100 * 21 / 45
        assert saved.details == {"score": 100 * 21 / 45, "band": "moderate"}
        assert saved.answers == [1, 2, 3, None, 5, 0, 1, 2, 3, 4]
        assert (saved.episode, saved.patient, saved.entered_by) == (
            self.episode, self.patient, self.alice,
        )  # fmt: skip
        assert AuditEntry.objects.filter(
            action=Action.CREATE, object_type="measures.questionnaireresponse",
            object_id=str(saved.pk), patient_id=self.patient.pk,
        ).exists()  # fmt: skip

    def test_odi_published_example_16_of_50_is_32_percent(self):
        saved = self.saved("odi", items(2, 2, 2, 2, 2, 2, 1, 1, 1, 1))
        assert saved.score == 32.0 and saved.details["band"] == "moderate"

    def test_odi_published_example_with_a_section_missed_is_16_of_45(self):
        saved = self.saved("odi", items(2, 2, 2, 2, 2, 2, 2, "na", 1, 1))
        assert saved.score == 35.55555555555556

    def test_quickdash_all_threes_is_50(self):
        assert self.saved("quickdash", items(*[3] * 10, "na")).score == 50.0

    def test_fiqr_domains_and_total(self):
        saved = self.saved("fiqr", items(*[5] * 21))
        assert saved.details == {"score": 50.0, "function": 15.0, "overall": 10.0,
                                 "symptoms": 25.0}  # fmt: skip

    def test_psfs_is_the_mean_of_the_named_activities(self):
        data = {"activity_1": "Lifting my grandson", "rating_1": "3", "activity_2": "Driving",
                "rating_2": "5", "activity_4": "Stairs", "rating_4": "8"}  # fmt: skip
        saved = self.saved("psfs", data)
        assert saved.score == 16 / 3
        assert saved.answers == {
            "items": [3, 5, 8], "activities": ["Lifting my grandson", "Driving", "Stairs"],
        }  # fmt: skip

    def test_a_follow_up_psfs_offers_the_same_activities(self):
        self.saved("psfs", {"activity_1": "Driving", "rating_1": "3", "activity_2": "Stairs",
                            "rating_2": "4"})  # fmt: skip
        form = self.client.get(self.url("psfs")).context["form"]
        assert (form["activity_1"].value(), form["activity_2"].value()) == ("Driving", "Stairs")
        assert form["rating_1"].value() is None and form["activity_3"].value() is None

    def test_nprs(self):
        saved = self.saved("nprs", {"item_1": "7", "by_patient": "on"})
        assert saved.score == 7.0 and saved.by_patient

    def test_acr2016_meeting_the_criteria(self):
        areas = ["left_shoulder_girdle", "right_upper_arm", "left_hip", "right_lower_leg",
                 "neck", "lower_back", "left_jaw"]  # fmt: skip
        data = {"areas": areas, "fatigue": "2", "waking_unrefreshed": "2", "cognitive": "1",
                "headaches": "1", "lower_abdominal": "0", "depression": "0",
                "duration_months": "6"}  # fmt: skip
        saved = self.saved("acr2016", data)
        assert saved.details == {"score": 13.0, "wpi": 7, "sss": 6, "fs": 13,
                                 "generalized_pain": True, "meets_criteria": True}  # fmt: skip
        assert saved.answers["duration_months"] == 6.0 and saved.answers["areas"] == areas


class RefusedTests(EntryTestCase):
    def test_an_item_above_its_maximum_is_refused_naming_the_item(self):
        self.refused(
            "ndi", items(1, 2, 3, 4, 9, 0, 1, 2, 3, 4), "item_5",
            "NDI item 5 (Headaches): 9 is above the maximum 5",
        )  # fmt: skip

    def test_text_for_an_item_is_refused(self):
        self.refused("odi", items(1, 2, "x", 1, 1, 1, 1, 1, 1, 1), "item_3", "ODI item 3 (Lifting)")

    def test_three_missing_ndi_items_are_too_many(self):
        self.refused(
            "ndi", items("na", 2, "na", 1, 1, "na", 1, 1, 1, 1), "item_1",
            "NDI: 3 items missing (items 1 (Pain intensity), 3 (Lifting), 6 (Concentration))",
        )  # fmt: skip

    def test_an_unchosen_item_asks_for_an_answer_or_not_answered(self):
        data = items(1, 2, 3, 4, 5, 0, 1, 2, 3)  # item 10 left unchosen
        self.refused(
            "ndi", data, "item_10", "Item 10 (Recreation): choose an answer, or “Not answered”"
        )

    def test_nprs_may_not_be_left_blank(self):
        self.refused("nprs", {}, "item_1", "NPRS item 1 (Pain intensity): missing")

    def test_a_fiqr_symptom_item_may_not_be_missing(self):
        data = items(*[5] * 11, "na", *[5] * 9)
        self.refused("fiqr", data, "item_12", "FIQR item 12 (Pain): missing")

    def test_a_named_psfs_activity_needs_a_rating(self):
        self.refused(
            "psfs", {"activity_1": "Driving"}, "rating_1", "Activity 1: rate it from 0 to 10"
        )

    def test_a_psfs_rating_needs_an_activity(self):
        self.refused("psfs", {"rating_2": "4"}, "activity_2", "Activity 2: name the activity")

    def test_psfs_needs_at_least_one_activity(self):
        self.refused("psfs", {}, "activity_1", "Activity 1: name at least one activity")

    def test_an_unknown_acr_area_is_refused_with_a_suggestion(self):
        data = {"areas": ["left_sholder_girdle"], "fatigue": "1", "waking_unrefreshed": "1",
                "cognitive": "1", "headaches": "0", "lower_abdominal": "0", "depression": "0",
                "duration_months": "4"}  # fmt: skip
        self.refused("acr2016", data, "areas", "did you mean left_shoulder_girdle")

    def test_a_negative_acr_duration_is_refused(self):
        data = {"fatigue": "1", "waking_unrefreshed": "1", "cognitive": "1", "headaches": "0",
                "lower_abdominal": "0", "depression": "0", "duration_months": "-1"}  # fmt: skip
        self.refused("acr2016", data, "duration_months", "ACR 2016 duration_months")

    def test_answers_cannot_be_dated_in_the_future(self):
        response = self.client.post(
            self.url("nprs"), {"answered_at": "2999-01-01T09:00", "item_1": "5"}
        )
        assert "cannot be dated in the future" in response.content.decode()
        assert not QuestionnaireResponse.objects.exists()

    def test_answers_dated_in_year_one_are_refused_not_a_server_error(self):
        response = self.client.post(self.url("nprs"), {"answered_at": "0001-01-01T00:00",
                                                       "item_1": "5"})  # fmt: skip
        assert response.status_code == 200
        assert "before the patient" in response.content.decode().replace("&#x27;", "'")
        assert not QuestionnaireResponse.objects.exists()

    def test_answers_more_than_30_days_before_the_episode_opened_are_refused(self):
        self.refused("nprs", {"answered_at": "2026-01-30T09:00", "item_1": "5"}, "answered_at",
                     "more than 30 days before the episode opened (2026-03-02)")  # fmt: skip

    def test_a_questionnaire_answered_before_the_first_visit_is_accepted(self):
        saved = self.saved("nprs", {"answered_at": "2026-01-31T09:00", "item_1": "5"})
        assert saved.answered_at.date() == date(2026, 1, 31)

    def test_an_archived_patients_episode_takes_no_new_questionnaire(self):
        self.patient.archive(by=self.carol)
        assert self.post("nprs", {"item_1": "5"}).status_code == 404
        assert not QuestionnaireResponse.objects.exists()


class DetailTests(EntryTestCase):
    def detail(self, saved) -> str:
        url = f"/patients/{self.patient.uuid}/episodes/{self.episode.pk}/measures/{saved.pk}/"
        response = self.client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    def test_an_ndi_record_lists_every_item_and_the_band(self):
        saved = self.saved("ndi", {f"item_{n}": v for n, v in enumerate(NDI_WORKED, 1)})
        body = self.detail(saved)
        assert "46.7% (moderate)" in body and "4. Reading" in body and "Not answered" in body

    def test_a_psfs_record_shows_the_patients_activities(self):
        saved = self.saved("psfs", {"activity_1": "Reversing the car", "rating_1": "4"})
        assert "Reversing the car" in self.detail(saved)

    def test_an_acr_record_shows_areas_by_region_and_the_criteria(self):
        data = {"areas": ["neck", "left_hip"], "fatigue": "1", "waking_unrefreshed": "0",
                "cognitive": "0", "headaches": "1", "lower_abdominal": "0", "depression": "0",
                "duration_months": "2.5"}  # fmt: skip
        body = self.detail(self.saved("acr2016", data))
        assert "criteria not met" in body and "2.5 months" in body
        assert "Neck" in body and "Hip" in body
