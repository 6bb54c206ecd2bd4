"""The clinical endpoints: what they answer, how they page, what they refuse (422 naming the
field), and the audit entries they leave, as the pages do."""

from datetime import timedelta

from taut.audit.actions import Action
from taut.audit.models import AuditEntry
from taut.intake.models import Intake
from taut.measures.models import QuestionnaireResponse
from taut.patients.models import Patient
from tests.api.base import ApiTestCase
from tests.exams.factories import NECK_AND_TEMPLE
from tests.factories import make_patient


def locations(response) -> list[list]:
    assert response.status_code == 422, response.content
    return [error["loc"] for error in response.json()["detail"]]


class PatientEndpointTests(ApiTestCase):
    NEW = {"given_name": "Alan", "family_name": "Turing", "date_of_birth": "1912-06-23"}

    def test_it_lists_patients_a_page_at_a_time(self):
        for n in range(4):
            make_patient(self.clinic, "Extra", f"Patient{n}")
        first = self.api("get", "/api/v1/patients?limit=2").json()
        second = self.api("get", f"/api/v1/patients?limit=2&cursor={first['next']}").json()
        assert first["previous"] is None and second["previous"] and second["next"]
        assert len(first["items"]) == len(second["items"]) == 2
        assert {p["uuid"] for p in first["items"]}.isdisjoint(p["uuid"] for p in second["items"])
        back = self.api("get", f"/api/v1/patients?limit=2&cursor={second['previous']}").json()
        assert back["items"] == first["items"] and back["previous"] is None

    def test_an_altered_cursor_answers_400(self):
        first = self.api("get", "/api/v1/patients?limit=1").json()
        for cursor in (first["next"][:-2] + "xx", "nonsense", "W10:1:abc"):
            response = self.api("get", f"/api/v1/patients?limit=1&cursor={cursor}")
            assert response.status_code == 400, cursor
            assert "cursor" in response.json()["detail"]

    def test_pages_over_namesakes_born_the_same_day_hold_each_patient_once(self):
        from datetime import date

        for _ in range(9):
            make_patient(self.clinic, "Ann", "Same", date_of_birth=date(1980, 1, 1))
        seen, cursor = [], ""
        for _ in range(4):
            found = self.api("get", f"/api/v1/patients?limit=3&cursor={cursor}").json()
            seen += found["items"]
            cursor = found["next"]
        assert cursor is None
        assert len(seen) == 11 and len({p["uuid"] for p in seen}) == 11

    def test_it_refuses_a_limit_above_the_maximum(self):
        assert locations(self.api("get", "/api/v1/patients?limit=101")) == [["query", "limit"]]

    def test_it_searches_by_name(self):
        found = self.api("get", "/api/v1/patients?q=hopp").json()
        assert [p["family_name"] for p in found["items"]] == ["Hopper"]

    def test_it_creates_a_patient_with_the_phone_in_e164(self):
        response = self.api(
            "post", "/api/v1/patients", body={**self.NEW, "phone": "(202) 555-0123"}
        )
        assert response.status_code == 201
        patient = Patient.objects.get(uuid=response.json()["uuid"])
        assert patient.phone == "+12025550123" and patient.clinic == self.clinic
        assert patient.created_by == self.alice

    def test_it_names_the_field_of_an_invalid_phone(self):
        response = self.api("post", "/api/v1/patients", body={**self.NEW, "phone": "12"})
        assert locations(response) == [["body", "payload", "phone"]]
        assert not Patient.objects.filter(family_name="Turing").exists()

    def test_a_possible_duplicate_needs_an_explicit_confirmation(self):
        same = {"given_name": "grace", "family_name": "HOPPER", "date_of_birth": "1980-05-17"}
        refused = self.api("post", "/api/v1/patients", body=same)
        assert locations(refused) == [["body", "payload", "confirm_duplicate"]]
        confirmed = self.api("post", "/api/v1/patients", body={**same, "confirm_duplicate": True})
        assert confirmed.status_code == 201
        assert Patient.objects.filter(family_name__iexact="hopper").count() == 2

    def test_a_missing_field_is_named(self):
        response = self.api("post", "/api/v1/patients", body={"given_name": "Alan"})
        assert ["body", "payload", "family_name"] in locations(response)

    def test_it_changes_only_the_fields_sent_and_audits_them(self):
        url = f"/api/v1/patients/{self.patient.uuid}"
        response = self.api("patch", url, body={"preferred_name": "Amazing Grace", "version": 1})
        assert response.status_code == 200
        self.patient.refresh_from_db()
        assert self.patient.preferred_name == "Amazing Grace"
        assert self.patient.phone == "+12025550111" and self.patient.given_name == "Grace"
        entry = AuditEntry.objects.filter(action=Action.CHANGE).latest("id")
        assert entry.detail == {"fields": ["preferred_name"]}
        assert entry.user_id == self.alice.pk and entry.clinic_id == self.clinic.pk

    def test_front_desk_may_edit_demographics(self):
        url = f"/api/v1/patients/{self.patient.uuid}"
        assert (
            self.api("patch", url, "bob", {"email": "grace@example.org", "version": 1}).status_code
            == 200
        )

    def test_reading_a_patient_is_audited_like_the_page(self):
        self.api("get", f"/api/v1/patients/{self.patient.uuid}")
        entry = AuditEntry.objects.latest("id")
        assert (entry.action, entry.object_type, entry.patient_id, entry.username) == (
            Action.VIEW, "patients.patient", self.patient.pk, "alice",
        )  # fmt: skip

    def test_listing_is_audited_with_the_query(self):
        self.api("get", "/api/v1/patients?q=hopper")
        entry = AuditEntry.objects.latest("id")
        assert entry.action == Action.LIST and entry.detail["query"] == "hopper"


class EpisodeEndpointTests(ApiTestCase):
    def test_it_opens_an_episode_and_audits_it(self):
        url = f"/api/v1/patients/{self.patient.uuid}/episodes"
        body = {"title": "Low back pain", "body_area": "low_back", "opened_on": "2026-01-05"}
        response = self.api("post", url, body=body)
        assert response.status_code == 201
        episode = self.patient.episodes.get(pk=response.json()["id"])
        assert episode.created_by == self.alice and str(episode.opened_on) == "2026-01-05"
        assert AuditEntry.objects.latest("id").action == Action.CREATE

    def test_it_refuses_an_episode_opened_before_birth(self):
        url = f"/api/v1/patients/{self.patient.uuid}/episodes"
        body = {"title": "Back", "body_area": "low_back", "opened_on": "1970-01-01"}
        assert locations(self.api("post", url, body=body)) == [["body", "payload", "opened_on"]]

    def test_it_reads_the_episode(self):
        data = self.api("get", self.episode_url()).json()
        assert data["patient"] == str(self.patient.uuid) and data["is_open"] is True


class IntakeEndpointTests(ApiTestCase):
    BODY = {"pain_now": 5, "pain_best": 2, "pain_worst": 8, "drawing": NECK_AND_TEMPLE}

    def url(self):
        return f"{self.episode_url()}/intakes"

    def test_it_records_an_intake_with_its_drawing(self):
        response = self.api("post", self.url(), body={**self.BODY, "causes": []})
        assert response.status_code == 201
        intake = Intake.objects.get(pk=response.json()["id"])
        assert intake.drawing == NECK_AND_TEMPLE and intake.recorded_by == self.alice

    def test_a_region_not_on_the_body_map_is_refused_as_the_form_does(self):
        drawing = [{"id": "temple_r", "intensity": 7}, {"id": "elbow_xyz", "intensity": 3}]
        response = self.api("post", self.url(), body={**self.BODY, "drawing": drawing})
        assert locations(response) == [["body", "payload", "drawing"]]
        assert "Mark 2" in response.json()["detail"][0]["msg"]
        assert self.episode.intakes.count() == 1

    def test_a_region_marked_twice_is_refused(self):
        mark = {"id": "temple_r", "intensity": 7}
        response = self.api("post", self.url(), body={**self.BODY, "drawing": [mark, mark]})
        assert "twice" in response.json()["detail"][0]["msg"]

    def test_an_unknown_cause_is_named(self):
        response = self.api("post", self.url(), body={**self.BODY, "causes": ["moon_phase"]})
        assert locations(response) == [["body", "payload", "causes"]]

    def test_the_new_screening_items_go_through_the_api(self):
        body = {**self.BODY, "red_flags": ["cervical_arterial", "myelopathy"],
                "absolute_contraindications": ["intoxication"],
                "relative_contraindications": ["latex_allergy"],
                "site_contraindications": ["lymphoedema:arm_l"]}  # fmt: skip
        response = self.api("post", self.url(), body=body)
        assert response.status_code == 201
        data = response.json()
        assert data["red_flags"] == ["cervical_arterial", "myelopathy"]
        assert data["site_contraindications"] == ["lymphoedema:arm_l"]
        intake = Intake.objects.get(pk=data["id"])
        assert intake.site_labels == ["Lymphoedema: left shoulder, arm and hand"]

    def test_a_site_not_of_the_list_is_refused(self):
        body = {**self.BODY, "site_contraindications": ["lymphoedema:elbow"]}
        response = self.api("post", self.url(), body=body)
        assert locations(response) == [["body", "payload", "site_contraindications"]]

    def test_it_reads_the_intake(self):
        data = self.api("get", f"{self.url()}/{self.intake.pk}").json()
        assert data["drawing"][0] == {"id": "temple_r", "intensity": 7, "quality": "aching"}


class ExamAndSessionEndpointTests(ApiTestCase):
    def test_the_assessment_carries_palpation_rom_and_diagnoses(self):
        url = f"{self.episode_url()}/assessments/{self.assessment.pk}"
        data = self.api("get", url).json()
        assert data["palpations"][0]["trigger_point"] == "upper_trapezius_tp1"
        assert data["palpations"][0]["classification"] == "active"
        assert data["rom"][0]["percent_of_normal"] == 50
        assert data["diagnoses"] == [
            {"code": "M79.12", "label": "Myalgia of auxiliary muscles, head and neck"}
        ]

    def test_the_session_carries_its_needling_and_cpt_code(self):
        data = self.api("get", f"{self.episode_url()}/sessions/{self.session.pk}").json()
        assert data["needlings"][0]["muscle"] == "upper_trapezius"
        assert data["cpt_code"] == "20560" and data["adverse_events"] == []

    def test_lists_are_audited_against_the_episode(self):
        self.api("get", f"{self.episode_url()}/sessions")
        entry = AuditEntry.objects.latest("id")
        assert entry.action == Action.LIST and entry.object_id == str(self.episode.pk)


class QuestionnaireEndpointTests(ApiTestCase):
    def url(self):
        return f"{self.episode_url()}/questionnaires"

    def test_it_scores_an_ndi_as_the_page_does(self):
        answers = [3, 2, 2, 2, 3, 2, 2, 2, 3, 1]
        response = self.api("post", self.url(), body={"instrument": "ndi", "answers": answers})
        assert response.status_code == 201
        assert response.json()["score"] == 44.0  # 22 of 50 points (Vernon 1991)

    def test_an_api_answer_is_from_paper_unless_said_otherwise(self):
        body = {"instrument": "ndi", "answers": [3, 2, 2, 2, 3, 2, 2, 2, 3, 1]}
        assert self.api("post", self.url(), body=body).json()["source"] == "paper"

    def test_on_screen_answers_to_a_licensed_instrument_need_its_wording(self):
        body = {"instrument": "ndi", "answers": [3, 2, 2, 2, 3, 2, 2, 2, 3, 1], "source": "screen"}
        response = self.api("post", self.url(), body=body)
        assert locations(response) == [["body", "payload", "source"]]
        assert "not loaded" in response.json()["detail"][0]["msg"]
        assert QuestionnaireResponse.objects.count() == 1
        body = {"instrument": "nprs", "answers": [4], "source": "screen"}
        assert self.api("post", self.url(), body=body).status_code == 201  # shipped wording

    def test_the_bad_item_is_named(self):
        answers = [3, 2, 2, 2, 3, 2, 2, 2, 3, 9]
        response = self.api("post", self.url(), body={"instrument": "ndi", "answers": answers})
        assert locations(response) == [["body", "payload", "answers", 9]]
        assert "item 10" in response.json()["detail"][0]["msg"]
        assert QuestionnaireResponse.objects.count() == 1

    def test_psfs_rates_each_named_activity(self):
        body = {"instrument": "psfs", "answers": {"activities": ["Typing"], "items": [4]}}
        assert self.api("post", self.url(), body=body).json()["score"] == 4.0
        body["answers"]["items"] = [4, 5]
        assert locations(self.api("post", self.url(), body=body)) == [
            ["body", "payload", "answers"]
        ]

    def test_a_future_date_is_refused(self):
        body = {"instrument": "nprs", "answers": [4], "answered_at": "2999-01-01T00:00:00Z"}
        assert locations(self.api("post", self.url(), body=body)) == [
            ["body", "payload", "answered_at"]
        ]

    def test_a_date_in_year_one_is_a_422_on_the_field_not_a_500(self):
        for when in (
            "0001-01-01T00:00:00+14:00",
            "0001-01-01T00:00:00",
            "9999-12-31T23:59:59-14:00",
        ):
            body = {"instrument": "nprs", "answers": [4], "answered_at": when}
            response = self.api("post", self.url(), body=body)
            assert response.status_code == 422, when
            assert locations(response) == [["body", "payload", "answered_at"]]
        assert QuestionnaireResponse.objects.count() == 1

    def test_the_date_may_be_up_to_30_days_before_the_episode_opened_as_on_the_page(self):
        opened = self.episode.opened_on
        body = {"instrument": "nprs", "answers": [4]}
        too_early = {**body, "answered_at": f"{opened - timedelta(days=31)}T12:00:00Z"}
        response = self.api("post", self.url(), body=too_early)
        assert "more than 30 days before the episode opened" in response.json()["detail"][0]["msg"]
        pre_visit = {**body, "answered_at": f"{opened - timedelta(days=29)}T12:00:00Z"}
        assert self.api("post", self.url(), body=pre_visit).status_code == 201


class PlanEndpointTests(ApiTestCase):
    def test_the_current_plan_is_the_highest_version(self):
        data = self.api("get", f"{self.episode_url()}/plan").json()
        assert data["version"] == 2 and data["notes"] == "Fewer visits."

    def test_every_version_can_be_read(self):
        versions = self.api("get", f"{self.episode_url()}/plans").json()
        assert [p["version"] for p in versions["items"]] == [2, 1]
        assert self.api("get", f"{self.episode_url()}/plans/1").json()["version"] == 1


class DifferentialAndKnowledgeTests(ApiTestCase):
    def test_a_drawing_gives_ranked_trigger_points(self):
        response = self.api("post", "/api/v1/differential", body={"regions": NECK_AND_TEMPLE})
        candidates = response.json()["candidates"]
        assert candidates[0]["trigger_point"] == "upper_trapezius_tp1"
        probabilities = [c["probability"] for c in candidates]
        assert probabilities == sorted(probabilities, reverse=True)

    def test_an_unknown_region_is_named_with_suggestions(self):
        body = {"regions": [{"id": "temple_r"}, {"id": "templ_r"}]}
        error = self.api("post", "/api/v1/differential", body=body).json()["detail"][0]
        assert error["loc"] == ["body", "payload", "regions", 1]
        assert "temple_r" in error["msg"]

    def test_front_desk_may_read_the_knowledge_base(self):
        data = self.api("get", "/api/v1/kb/muscles/upper_trapezius", "bob").json()
        assert "upper_trapezius_tp1" in [tp["id"] for tp in data["trigger_points"]]
        assert self.api("get", "/api/v1/kb/muscles/no_such_muscle", "bob").status_code == 404

    def test_a_region_lists_the_trigger_points_referring_to_it(self):
        data = self.api("get", "/api/v1/kb/regions/temple_r").json()
        assert "upper_trapezius_tp1" in [tp["id"] for tp in data["essential"]]
