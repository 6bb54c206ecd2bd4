"""Questionnaire wording at a clinic: the admin loads a licensed instrument's wording, checked
and versioned; staff enter from paper without it; label-only scores from before the check are
kept, marked and left out of verdicts until a clinician says they came from paper."""

import json
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from taut.audit.models import AuditEntry
from taut.measures import wordings
from taut.measures.models import InstrumentWording, QuestionnaireResponse
from tests.base import ClinicTestCase
from tests.measures.factories import NDI_BETTER, NDI_START, START, make_episode, make_response
from tests.measures.wordings import load_wording, stand_in

URL = "/clinic/questionnaires/"


class WordingPageTests(ClinicTestCase):
    def setUp(self):
        self.login(self.carol)

    def upload(self, content: str, name="ndi.yaml", instrument="ndi"):
        upload = SimpleUploadedFile(name, content.encode(), content_type="text/yaml")
        return self.client.post(f"{URL}{instrument}/", {"file": upload})

    def test_the_list_shows_what_is_not_loaded(self):
        body = self.client.get(URL).content.decode()
        assert body.count('class="tag few">wording not loaded') == 4  # NDI, ODI, QuickDASH, FIQR
        assert "Taut&#x27;s own wording of the 0-10 numeric pain rating scale" in body

    def test_the_admin_loads_a_checked_wording_as_version_1_then_2(self):
        assert self.upload(json.dumps(stand_in("ndi"))).status_code == 302
        assert self.upload(json.dumps(stand_in("ndi"))).status_code == 302
        rows = InstrumentWording.objects.filter(clinic=self.clinic, instrument="ndi")
        assert [r.version for r in rows] == [2, 1]
        assert wordings.current(self.clinic, "ndi").row.version == 2
        entry = AuditEntry.objects.filter(action="create").latest("id")
        assert entry.detail == {"wording": "ndi", "version": 2}
        body = self.client.get(f"{URL}ndi/").content.decode()
        assert "Version 2 in use" in body and "Stand-in answer 10.5" in body

    def test_a_wording_with_a_missing_answer_is_refused_and_nothing_is_stored(self):
        data = stand_in("ndi")
        data["items"][2]["options"].pop()
        response = self.upload(json.dumps(data))
        assert response.status_code == 200
        assert "item 3 (Lifting): expected 6 answer statements" in response.content.decode()
        assert not InstrumentWording.objects.exists()

    def test_pasted_yaml_is_accepted_too(self):
        import yaml

        text = yaml.safe_dump(stand_in("quickdash"))
        assert self.client.post(f"{URL}quickdash/", {"text": text}).status_code == 302
        assert wordings.current(self.clinic, "quickdash") is not None

    def test_an_empty_upload_and_a_binary_file_are_refused(self):
        assert "Choose a file" in self.client.post(f"{URL}ndi/", {}).content.decode()
        upload = SimpleUploadedFile("x.yaml", b"\xff\xfe\x00bad")
        body = self.client.post(f"{URL}ndi/", {"file": upload}).content.decode()
        assert "not UTF-8" in body

    def test_the_template_has_the_instruments_shape(self):
        response = self.client.get(f"{URL}odi/template.yaml")
        assert response["Content-Disposition"] == 'attachment; filename="odi-wording.yaml"'
        assert response.content.decode().count("- text:") == 10

    def test_shipped_and_unknown_instruments_have_no_upload(self):
        assert self.client.get(f"{URL}nprs/").status_code == 404
        assert self.client.get(f"{URL}sf36/").status_code == 404

    def test_only_the_clinic_admin_loads_wording(self):
        for user in (self.alice, self.bob, self.penny):
            self.login(user)
            assert self.client.post(f"{URL}ndi/", {"text": "x"}).status_code in (403, 404)
        assert not InstrumentWording.objects.exists()

    def test_each_clinic_has_its_own_wording(self):
        self.login(self.charlie)
        assert self.upload(json.dumps(stand_in("ndi"))).status_code == 302
        assert wordings.current(self.clinic, "ndi") is None
        assert wordings.current(self.other_clinic, "ndi") is not None
        self.login(self.carol)
        assert "Version 1 in use" not in self.client.get(f"{URL}ndi/").content.decode()


class StaffEntryWithWordingTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = make_episode(cls.patient, cls.alice)
        cls.wording = load_wording(cls.clinic, "ndi", cls.carol)

    def test_with_the_wording_the_form_shows_the_statements_and_records_the_version(self):
        self.login(self.alice)
        url = f"/patients/{self.patient.uuid}/episodes/{self.episode.pk}/measures/new/ndi/"
        body = self.client.get(url).content.decode()
        assert "Stand-in answer 1.0" in body and 'value="screen"' in body
        data = {f"item_{n}": str(v) for n, v in enumerate(NDI_START, 1)}
        when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        self.client.post(url, {**data, "answered_at": when, "source": "screen"})
        saved = QuestionnaireResponse.objects.get()
        assert saved.source == "screen" and saved.wording == self.wording


class LegacyResponseTests(ClinicTestCase):
    """Responses saved before the wording check (the migration marks them legacy)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = make_episode(cls.portal_patient, cls.alice)
        cls.first = make_response(cls.episode, cls.alice, "ndi", NDI_START, START)
        cls.later = make_response(cls.episode, cls.alice, "ndi", NDI_BETTER, START + timedelta(21))
        cls.pain = make_response(cls.episode, cls.alice, "nprs", [6], START)
        QuestionnaireResponse.objects.update(source="legacy")

    def detail_url(self, response):
        return (f"/patients/{self.portal_patient.uuid}/episodes/{self.episode.pk}/measures/"
                f"{response.pk}/")  # fmt: skip

    def test_licensed_legacy_scores_do_not_count_but_shipped_ones_do(self):
        counted = QuestionnaireResponse.objects.counted()
        assert list(counted) == [self.pain]

    def test_the_progress_page_says_they_are_left_out(self):
        self.login(self.alice)
        body = self.client.get(f"/patients/{self.portal_patient.uuid}/progress/").content.decode()
        assert "2 older responses entered with short labels only" in body
        assert "a real improvement" not in body.split("Neck Disability Index")[1][:2000]

    def test_the_patient_sees_no_verdict_from_them(self):
        self.login(self.penny)
        assert "neck disability score" not in self.client.get("/my/").content.decode()

    def test_the_record_marks_them_and_a_clinician_can_say_they_came_from_paper(self):
        self.login(self.alice)
        body = self.client.get(self.detail_url(self.first)).content.decode()
        assert "labels only, not counted" in body and "It was copied from paper" in body
        response = self.client.post(self.detail_url(self.first) + "from-paper/")
        assert response.status_code == 302
        self.first.refresh_from_db()
        assert self.first.source == "paper" and self.first.is_counted
        entry = AuditEntry.objects.filter(action="change").latest("id")
        assert entry.detail == {"source": ["legacy", "paper"]}

    def test_only_legacy_responses_can_be_remarked_and_not_by_outsiders(self):
        self.login(self.charlie)
        assert self.client.post(self.detail_url(self.first) + "from-paper/").status_code == 404
        self.login(self.bob)
        assert self.client.post(self.detail_url(self.first) + "from-paper/").status_code == 403
        self.first.refresh_from_db()
        assert self.first.source == "legacy"
        self.login(self.alice)
        self.client.post(self.detail_url(self.first) + "from-paper/")
        assert self.client.post(self.detail_url(self.first) + "from-paper/").status_code == 404
