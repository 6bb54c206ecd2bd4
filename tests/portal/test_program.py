"""The home program: what it gathers from the current plan, and the dosage in words."""

from taut.plans.models import PlanExercise
from taut.portal.program import current_plan, dosage_words, home_program, short_reference, zoom
from tests.base import ClinicTestCase
from tests.measures.factories import make_episode
from tests.portal.factories import NECK_PROGRAM, make_plan


def dose(**fields) -> str:
    return dosage_words(PlanExercise(**fields))


class DosageWordsTests(ClinicTestCase):
    def test_a_held_stretch_reads_as_hold_count_and_times_a_day(self):
        assert dose(sets=2, hold_seconds=30, times_per_day=1) == (
            "Hold 30 seconds, 2 times, once a day"
        )

    def test_one_long_hold_reads_once(self):
        assert dose(repetitions=1, hold_seconds=90) == "Hold 90 seconds, once"

    def test_sets_of_repetitions_and_minutes(self):
        assert dose(sets=3, repetitions=10, times_per_day=2) == "3 sets of 10, twice a day"
        assert dose(hold_seconds=120) == "Hold 2 minutes"

    def test_no_dosage_says_as_shown(self):
        assert dose() == "As your clinician showed you"


class HomeProgramTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = make_episode(cls.portal_patient, cls.alice, title="Right neck pain")

    def test_it_gathers_the_current_version_with_pictures_notes_and_aftercare(self):
        make_plan(self.episode, self.alice, NECK_PROGRAM[:2], version=1)
        make_plan(self.episode, self.alice, NECK_PROGRAM, version=2, notes="After work.")
        program = home_program(current_plan(self.episode))
        assert program.plan.version == 2
        assert [i.name for i in program.items][:2] == [
            "Ear-to-shoulder stretch", "Pincer squeeze of the upper trapezius",
        ]  # fmt: skip
        assert len(program.items) == 6 and program.notes == "After work."
        first = program.items[0]
        assert first.muscle == "Upper trapezius" and first.kind == "Stretch"
        assert "<svg" in first.picture and 'class="region muscle"' in first.picture
        assert program.aftercare is not None and program.aftercare.call_clinic.points
        assert program.sources and program.clinician == self.alice.display_name

    def test_a_plan_without_needling_has_no_aftercare(self):
        plan = make_plan(self.episode, self.alice, NECK_PROGRAM[:1], needling=False)
        assert home_program(plan).aftercare is None

    def test_a_clinicians_own_exercise_has_no_picture(self):
        plan = make_plan(self.episode, self.alice, ())
        PlanExercise.objects.create(
            plan=plan, kind="posture", name="Walk at lunch", how="Ten minutes outside."
        )
        item = home_program(plan).items[0]
        assert item.picture == "" and item.dosage == "As your clinician showed you"

    def test_no_accepted_plan_means_no_program(self):
        assert current_plan(self.episode) is None


class PictureTests(ClinicTestCase):
    def test_the_body_figure_is_cropped_around_the_muscle(self):
        svg = '<svg width="84" height="200" viewBox="0 0 340 810" class="x">'
        cropped = zoom(svg, "posterior", ("posterolateral_neck_r",))
        assert 'viewBox="0 0 340 810"' not in cropped and 'width="84"' not in cropped

    def test_the_head_view_is_left_whole(self):
        svg = '<svg viewBox="0 0 340 390">'
        assert zoom(svg, "head", ("temple_r",)) == svg


def test_short_references_name_the_first_author_and_year():
    cite = "Brady S, McEvoy J, Doody C. Adverse events. J Man Manip Ther. 2014;22(3):134-140."
    assert short_reference(cite) == "Brady et al. 2014"
