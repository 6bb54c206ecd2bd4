"""The exercise library pages: who may read them, filtering, and one exercise's page."""

import re
import shutil
import tempfile
from pathlib import Path
from unittest import mock

from django.test import SimpleTestCase

from taut.kb.catalog import catalog
from taut.kb.errors import DataError
from taut.kb.exercises import exercises
from taut.kb.vocab import DATA_DIR
from taut.reference.checks import knowledge_base_loads
from tests.base import ClinicTestCase
from tests.reference.test_commands import taut

LIBRARY = "/reference/exercises/"
PUSH_UP = "/reference/exercises/serratus_anterior.push-up-plus/"


def marked_regions(body: str) -> set[str]:
    return set(re.findall(r'data-region="([^"]+)" class="region muscle"', body))


class ExerciseAccessTests(ClinicTestCase):
    def test_clinician_and_front_desk_can_read_the_library(self):
        for user in (self.alice, self.bob, self.carol):
            self.login(user)
            assert self.client.get(LIBRARY).status_code == 200, user
            assert self.client.get(PUSH_UP).status_code == 200, user

    def test_logged_out_visitors_are_sent_to_log_in(self):
        for url in (LIBRARY, PUSH_UP):
            response = self.client.get(url)
            assert response.status_code == 302
            assert "/login/" in response["Location"]

    def test_a_portal_patient_does_not_get_the_staff_library(self):
        self.login(self.penny)
        assert self.client.get(LIBRARY).status_code == 404
        assert self.client.get(PUSH_UP).status_code == 404


class ExerciseLibraryTests(ClinicTestCase):
    def setUp(self):
        self.login(self.alice)

    def test_library_shows_pictures_doses_and_sources(self):
        body = self.client.get(LIBRARY).content.decode()
        assert "Ear-to-shoulder stretch" in body
        assert "2 × 30 s hold, 1×/day" in body  # the ACSM stretching default
        assert "Garber et al. 2011" in body
        assert "upper_shoulder_r" in marked_regions(body)

    def test_library_pages_by_muscle(self):
        first = self.client.get(LIBRARY)
        assert first.context["page"].paginator.num_pages > 1
        second = self.client.get(LIBRARY, {"page": 2})
        first_ids = {c["muscle"].id for c in first.context["cards"]}
        assert first_ids.isdisjoint(c["muscle"].id for c in second.context["cards"])

    def test_filter_by_kind(self):
        response = self.client.get(LIBRARY, {"kind": "strengthening"})
        kinds = {e.kind for c in response.context["cards"] for e in c["exercises"]}
        assert kinds == {"strengthening"}
        assert response.context["count"] >= 19

    def test_filter_by_whole_muscle_shows_each_part(self):
        response = self.client.get(LIBRARY, {"muscle": "trapezius"})
        muscles = [c["muscle"].id for c in response.context["cards"]]
        assert muscles == ["upper_trapezius", "middle_trapezius", "lower_trapezius"]

    def test_search_by_muscle_name_or_exercise_words(self):
        response = self.client.get(LIBRARY, {"q": "push-up plus"})
        ids = [e.id for c in response.context["cards"] for e in c["exercises"]]
        assert "serratus_anterior.push-up-plus" in ids
        response = self.client.get(LIBRARY, {"q": "gluteus medius", "kind": "strengthening"})
        ids = [e.id for c in response.context["cards"] for e in c["exercises"]]
        assert "gluteus_medius.side-lying-leg-raise" in ids

    def test_posture_advice_says_as_advised(self):
        body = self.client.get(LIBRARY, {"kind": "posture", "muscle": "upper_trapezius"})
        assert "As advised" in body.content.decode()

    def test_an_unknown_filter_value_is_a_form_error_not_a_crash(self):
        response = self.client.get(LIBRARY, {"kind": "yoga", "muscle": "nope"})
        assert response.status_code == 200
        assert response.context["form"].errors.keys() == {"kind", "muscle"}
        assert response.context["count"] > 200  # the filters are not applied

    def test_nothing_found_says_so(self):
        body = self.client.get(LIBRARY, {"q": "zzzz"}).content.decode()
        assert "No exercise matches" in body

    def test_a_page_number_past_the_end_shows_the_last_page(self):
        response = self.client.get(LIBRARY, {"page": 999})
        assert response.status_code == 200
        assert response.context["page"].number == response.context["page"].paginator.num_pages


class ExerciseDetailTests(ClinicTestCase):
    def setUp(self):
        self.login(self.alice)

    def test_detail_shows_how_dose_picture_and_both_sources(self):
        response = self.client.get(PUSH_UP)
        body = response.content.decode()
        assert "Push-up plus" in body
        assert "2 sets of 10" in body and "2-3 days a week" in body
        assert "Ludewig PM" in body and "Ratamess NA" in body
        sites = {f"{tp.site}_r" for tp in catalog().muscle("serratus_anterior").trigger_points}
        assert marked_regions(body) == sites
        assert "Other exercises for the serratus anterior" in body

    def test_unknown_exercise_is_404(self):
        assert self.client.get("/reference/exercises/serratus_anterior.nope/").status_code == 404
        assert self.client.get("/reference/exercises/nope/").status_code == 404

    def test_muscle_page_links_to_its_exercises(self):
        body = self.client.get("/reference/muscles/infraspinatus/").content.decode()
        assert f"{LIBRARY}?muscle=infraspinatus" in body


class DataCheckTests(SimpleTestCase):
    def test_kb_check_names_a_broken_exercise_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            shutil.copytree(DATA_DIR, data)
            path = data / "prevention.yaml"
            path.write_text(path.read_text().replace("cause: inactivity", "cause: inactivty"))
            result = taut("kb", "--data", str(data), "check")
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert "prevention.yaml" in result.stderr and "did you mean 'inactivity'" in result.stderr

    def test_kb_check_counts_the_exercises(self):
        result = taut("kb", "check")
        assert result.returncode == 0, result.stderr
        assert f"{len(exercises())} exercises" in result.stdout

    def test_system_check_reports_broken_exercise_data(self):
        broken = DataError("exercise_dosage.yaml", "stretch", "kind", "unknown kind")
        with mock.patch("taut.kb.exercises.library", side_effect=broken):
            errors = knowledge_base_loads(None)
        assert [e.id for e in errors] == ["taut.E001"]
        assert "exercise_dosage.yaml" in errors[0].msg
