"""Range of motion: whole degrees from 0 to 360, the side the movement is measured on, and
the normal value in force at the clinic stored with its source."""

from html import escape

from taut.clinical import rom
from taut.exams.models import RangeOfMotion, RomNorm
from tests.exams.base import AssessmentTestCase

AAOS = rom.default_norms()["shoulder_flexion"].source


class RangeOfMotionTests(AssessmentTestCase):
    def setUp(self):
        self.login(self.alice)

    def measure(self, movement="shoulder_flexion", side="right", degrees="135", **more):
        data = {"movement": movement, "side": side, "degrees": degrees, **more}
        data = {f"rom-{name}": value for name, value in data.items()}  # the page's prefix
        return self.post(self.url("rom/"), data)

    def errors(self, response) -> dict:
        assert response.status_code == 200
        return response.context["rom_form"].errors

    def test_a_measurement_keeps_the_default_normal_and_its_source(self):
        response = self.measure(painful="on")
        assert response.status_code == 302 and response.url.endswith("#rom")
        row = RangeOfMotion.objects.get()
        assert (row.assessment, row.movement, row.side, row.degrees, row.painful) == (
            self.assessment, "shoulder_flexion", "right", 135, True,
        )  # fmt: skip
        assert row.normal_degrees == 180 and row.normal_source == AAOS

    def test_neck_rotation_is_measured_against_80_degrees_per_38_cfr_4_71a(self):
        """38 CFR 4.71a, note 2 (VA rating schedule): normal cervical rotation is 0-80 degrees
        each way, not the 60 of AAOS 1965; 60 degrees is then 75 % of normal."""
        self.measure("neck_rotation", side="left", degrees="60")
        row = RangeOfMotion.objects.get()
        assert (row.normal_degrees, row.normal_source) == (
            80,
            "38 CFR 4.71a (VA rating schedule, spine), note 2",
        )
        assert "75 %" in self.client.get(self.url()).content.decode()

    def test_the_clinics_own_normal_is_used_when_set(self):
        RomNorm.objects.create(
            clinic=self.clinic, movement="shoulder_flexion", degrees=170, source="Clinic protocol"
        )
        self.measure()
        row = RangeOfMotion.objects.get()
        assert (row.normal_degrees, row.normal_source) == (170, "Clinic protocol")

    def test_another_clinics_normal_is_not(self):
        RomNorm.objects.create(
            clinic=self.other_clinic, movement="shoulder_flexion", degrees=100, source="Theirs"
        )
        self.measure()
        assert RangeOfMotion.objects.get().normal_degrees == 180

    def test_a_later_change_of_normal_leaves_the_measurement_as_it_was(self):
        self.measure()
        RomNorm.objects.create(
            clinic=self.clinic, movement="shoulder_flexion", degrees=170, source="Clinic protocol"
        )
        assert RangeOfMotion.objects.get().normal_degrees == 180

    def test_the_page_shows_the_percent_of_normal_rounded(self):
        self.measure(degrees="100")  # 55.6 % of 180
        body = self.client.get(self.url()).content.decode()
        assert "56 %" in body and "55.6" not in body and escape(AAOS) in body

    def test_negative_degrees_are_refused_with_a_clear_message(self):
        errors = self.errors(self.measure(degrees="-10"))
        assert errors["degrees"] == ["Degrees cannot be negative (0 to 360)."]
        assert not RangeOfMotion.objects.exists()

    def test_more_than_360_degrees_are_refused(self):
        errors = self.errors(self.measure(degrees="400"))
        assert errors["degrees"] == ["Degrees cannot be more than 360."]
        assert not RangeOfMotion.objects.exists()

    def test_fractions_and_words_are_refused(self):
        for degrees in ("12.5", "ninety", ""):
            assert "degrees" in self.errors(self.measure(degrees=degrees)), degrees
        assert not RangeOfMotion.objects.exists()

    def test_zero_degrees_is_a_measurement(self):
        self.measure(degrees="0")
        assert RangeOfMotion.objects.get().degrees == 0

    def test_an_axial_movement_is_recorded_at_the_midline(self):
        self.measure("neck_flexion", side="", degrees="30")
        self.measure("trunk_flexion", side="midline", degrees="60")
        assert {r.side for r in RangeOfMotion.objects.all()} == {"midline"}

    def test_an_axial_movement_is_refused_on_one_side(self):
        errors = self.errors(self.measure("neck_flexion", side="left", degrees="30"))
        assert "measured at the midline" in errors["side"][0]
        assert not RangeOfMotion.objects.exists()

    def test_a_sided_movement_needs_its_side(self):
        errors = self.errors(self.measure("neck_rotation", side="", degrees="60"))
        assert "choose left or right" in errors["side"][0]
        assert not RangeOfMotion.objects.exists()

    def test_a_movement_without_a_normal_value_is_not_offered(self):
        response = self.client.get(self.url())
        offered = str(response.context["rom_form"]["movement"])
        assert "shoulder_flexion" in offered and "knee_extension" not in offered
        errors = self.errors(self.measure("knee_extension", degrees="0"))
        assert "movement" in errors and not RangeOfMotion.objects.exists()

    def test_a_movement_with_the_clinics_own_normal_is_offered(self):
        RomNorm.objects.create(
            clinic=self.clinic, movement="knee_extension", degrees=10, source="Hyperextension"
        )
        self.measure("knee_extension", degrees="5")
        row = RangeOfMotion.objects.get()
        assert (row.normal_degrees, row.normal_source) == (10, "Hyperextension")

    def test_a_measurement_can_be_removed(self):
        self.measure()
        self.post(self.url(f"rom/{RangeOfMotion.objects.get().pk}/remove/"))
        assert not RangeOfMotion.objects.exists()
