"""The clinic's own normal range of motion values, set by a clinic admin."""

from taut.audit.models import AuditEntry
from taut.exams.models import RangeOfMotion, RomNorm
from tests.exams.base import AssessmentTestCase

URL = "/clinic/rom-norms/"


class RomNormTests(AssessmentTestCase):
    def set_norm(self, movement="shoulder_flexion", degrees="170", source="Clinic protocol",
                 version="0"):  # fmt: skip
        data = {"movement": movement, "degrees": degrees, "source": source, "version": version}
        return self.client.post(URL, data)

    def test_a_clinic_admin_sees_the_defaults(self):
        self.login(self.carol)
        response = self.client.get(URL)
        assert response.status_code == 200
        assert b"Raising the arm forward" in response.content and b"180" in response.content

    def test_the_norms_page_shows_each_defaults_source_neck_rotation_38_cfr_4_71a(self):
        """The default for neck rotation is 80 degrees from 38 CFR 4.71a, note 2; the page says
        so beside the value, and that the defaults are adult values without age bands."""
        self.login(self.carol)
        body = self.client.get(URL).content.decode()
        assert (
            '80° <span class="source">38 CFR 4.71a (VA rating schedule, spine), note 2</span>'
            in body
        )
        assert "no age or sex bands" in body

    def test_a_clinic_admin_sets_a_value_with_its_source_and_it_is_audited(self):
        self.login(self.carol)
        response = self.set_norm()
        assert response.status_code == 302 and response.url == URL
        norm = RomNorm.objects.get()
        assert (norm.clinic, norm.movement, norm.degrees, norm.source) == (
            self.clinic, "shoulder_flexion", 170, "Clinic protocol",
        )  # fmt: skip
        entry = AuditEntry.objects.filter(object_type="exams.romnorm").get()
        assert entry.action == "create" and entry.clinic_id == self.clinic.pk

    def test_setting_it_again_changes_the_value(self):
        self.login(self.carol)
        self.set_norm()
        self.set_norm(degrees="175", source="Revised protocol", version="1")
        norm = RomNorm.objects.get()
        assert (norm.degrees, norm.source, norm.version) == (175, "Revised protocol", 2)

    def test_the_clinicians_next_measurement_uses_it(self):
        self.login(self.carol)
        self.set_norm()
        self.login(self.alice)
        self.post(
            self.url("rom/"),
            {"rom-movement": "shoulder_flexion", "rom-side": "left", "rom-degrees": "85"},
        )
        row = RangeOfMotion.objects.get()
        assert (row.normal_degrees, row.normal_source) == (170, "Clinic protocol")
        assert b"50 %" in self.client.get(self.url()).content

    def test_back_to_the_default(self):
        self.login(self.carol)
        self.set_norm()
        response = self.client.post(f"{URL}shoulder_flexion/revert/", {"version": 1})
        assert response.status_code == 302
        assert not RomNorm.objects.exists()

    def test_bad_values_are_refused_and_nothing_is_written(self):
        self.login(self.carol)
        cases = [
            ({"degrees": "-5"}, "degrees"), ({"degrees": "0"}, "degrees"),
            ({"degrees": "400"}, "degrees"), ({"source": "  "}, "source"),
            ({"movement": "wing_flapping"}, "movement"),
        ]  # fmt: skip
        for change, field in cases:
            response = self.set_norm(**change)
            assert response.status_code == 200, change
            assert field in response.context["form"].errors, change
        assert not RomNorm.objects.exists()

    def test_clinicians_and_front_desk_get_403(self):
        for user in (self.alice, self.bob):
            self.login(user)
            assert self.client.get(URL).status_code == 403
            assert self.set_norm().status_code == 403
            assert self.client.post(f"{URL}shoulder_flexion/revert/").status_code == 403
        assert not RomNorm.objects.exists()

    def test_a_patient_login_finds_nothing(self):
        self.login(self.penny)
        assert self.client.get(URL).status_code == 404

    def test_an_admin_of_another_clinic_changes_only_their_own(self):
        RomNorm.objects.create(
            clinic=self.clinic, movement="hip_flexion", degrees=110, source="Ours"
        )
        self.login(self.charlie)
        response = self.client.get(URL)
        assert b"Ours" not in response.content
        self.set_norm()
        self.client.post(f"{URL}hip_flexion/revert/")
        assert RomNorm.objects.get(movement="shoulder_flexion").clinic == self.other_clinic
        assert RomNorm.objects.get(movement="hip_flexion").clinic == self.clinic

    def test_change_opens_the_form_on_the_value_in_force(self):
        self.login(self.carol)
        form = self.client.get(URL, {"movement": "shoulder_flexion"}).context["form"]
        assert form.initial == {"movement": "shoulder_flexion", "degrees": 180, "source": "",
                                "version": 0}  # fmt: skip
        self.set_norm()
        form = self.client.get(URL, {"movement": "shoulder_flexion"}).context["form"]
        assert form.initial["degrees"] == 170 and form.initial["source"] == "Clinic protocol"
        assert form.initial["version"] == 1
        assert self.client.get(URL, {"movement": "nonsense"}).context["form"].initial == {}

    def test_a_value_set_meanwhile_is_not_overwritten_by_a_page_that_showed_the_default(self):
        self.login(self.carol)
        self.set_norm(degrees="170", source="Theirs")
        response = self.set_norm(degrees="165", source="Mine", version="0")
        assert response.status_code == 409
        page = response.content.decode()
        assert "Theirs" in page and "Mine" in page and 'name="merge"' in page
        norm = RomNorm.objects.get()
        assert (norm.degrees, norm.source, norm.version) == (170, "Theirs", 1)

    def test_the_merge_of_the_conflict_page_saves(self):
        self.login(self.carol)
        self.set_norm(degrees="170", source="Theirs")
        merge = {
            "merge": "1",
            "movement": "shoulder_flexion",
            "version": "1",
            "yours-degrees": "165",
            "theirs-degrees": "170",
            "pick-degrees": "yours",
            "yours-source": "Mine",
            "theirs-source": "Theirs",
            "pick-source": "theirs",
        }
        assert self.client.post(URL, merge).status_code == 302
        norm = RomNorm.objects.get()
        assert (norm.degrees, norm.source, norm.version) == (165, "Theirs", 2)

    def test_a_value_reverted_meanwhile_is_not_set_again_unseen(self):
        self.login(self.carol)
        self.set_norm()
        self.client.post(f"{URL}shoulder_flexion/revert/", {"version": 1})
        response = self.set_norm(degrees="175", version="1")
        assert response.status_code == 409
        assert "Default: AAOS" in response.content.decode()
        assert not RomNorm.objects.exists()

    def test_a_stale_revert_drops_nothing(self):
        self.login(self.carol)
        self.set_norm()
        self.set_norm(degrees="175", version="1")
        response = self.client.post(f"{URL}shoulder_flexion/revert/", {"version": 1}, follow=True)
        assert "not reverted" in response.content.decode()
        assert RomNorm.objects.get().degrees == 175

    def test_opened_on_the_clinics_own_value_the_form_is_for_that_movement(self):
        self.login(self.carol)
        self.set_norm()
        page = self.client.get(URL, {"movement": "shoulder_flexion"}).content.decode()
        assert '<input type="hidden" name="movement" value="shoulder_flexion"' in page
        assert '<select name="movement"' not in page
