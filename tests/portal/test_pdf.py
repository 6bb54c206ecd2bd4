"""The printed home program: one or two pages for six exercises on Letter and on A4, large
type, every exercise and the clinic's phone, and every export audited."""

from taut.audit.models import AuditEntry
from taut.kb.exercises import exercise as library_exercise
from taut.portal.pdf import page_size
from tests.base import ClinicTestCase
from tests.measures.factories import make_episode
from tests.portal.factories import NECK_PROGRAM, make_plan
from tests.portal.pdfs import pages, pdf_fonts, pdf_info, pdf_text, shipped_only, word_boxes

NAMES = (
    "Ear-to-shoulder stretch", "Pincer squeeze of the upper trapezius", "Nose-to-armpit stretch",
    "Ball at the angle of the neck", "Sternocleidomastoid stretch",
    "Take the weight off the shoulders",
)  # fmt: skip


def smallest_body_font(pdf: bytes) -> float:
    """The smallest font size of the exercise instructions, in points (word box heights)."""
    # "Sitting", "Grasp", "Lean": first words of the instructions, body text of the sheet
    boxes = word_boxes(pdf)
    return min(y2 - y1 for w, _, y1, _, y2 in boxes if w in ("Sitting", "Grasp", "Lean"))


class ProgramPdfTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.clinic.phone = "+12025550100"
        cls.clinic.address = "12 Harbour Road\nPortsmouth"
        cls.clinic.save()
        cls.episode = make_episode(cls.portal_patient, cls.alice, title="Right neck pain")
        make_plan(
            cls.episode, cls.alice, NECK_PROGRAM,
            notes="Do the stretches after work; keep the ball in your bag.",
        )  # fmt: skip

    def url(self):
        return (
            f"/patients/{self.portal_patient.uuid}/episodes/{self.episode.pk}/program/program.pdf"
        )

    def get_pdf(self):
        self.login(self.alice)
        response = self.client.get(self.url())
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        return response.content

    def test_six_exercises_and_aftercare_fit_on_two_letter_pages(self):
        pdf = self.get_pdf()
        assert pdf.startswith(b"%PDF")
        assert pdf_info(pdf)["Page size"].startswith("612 x 792")  # a US clinic prints Letter
        assert pages(pdf) <= 2

    def test_and_on_two_a4_pages_for_a_clinic_that_prints_a4(self):
        self.clinic.country = "GB"
        self.clinic.save()
        pdf = self.get_pdf()
        assert pdf_info(pdf)["Page size"].startswith("595.276 x 841.89")
        assert pages(pdf) <= 2

    def test_it_lists_every_exercise_the_aftercare_and_the_clinic_phone(self):
        text = " ".join(pdf_text(self.get_pdf()).split())
        for name in NAMES:
            assert name in text
        assert "Hold 30 seconds, 2 times, once a day" in text
        assert "After dry needling" in text and "When to call the clinic" in text
        assert "+1 202-555-0100" in text and "Penny Lane" in text
        assert "keep the ball in your bag" in text

    def test_the_instructions_are_printed_in_large_type(self):
        # A word box is about 1.15 times the font size; 14 pt type gives boxes over 15 pt.
        assert smallest_body_font(self.get_pdf()) >= 14 * 1.1

    def test_a_long_clinic_name_never_covers_the_phone_number(self):
        self.clinic.name = "Harbour Road Physiotherapy and Dry Needling Clinic"
        self.clinic.save()
        for country in ("US", "GB"):
            self.clinic.country = country
            self.clinic.save()
            boxes = word_boxes(self.get_pdf(), page=1)
            phone = next(box for box in boxes if box[0] == "202-555-0100")
            name = [box for box in boxes if box[0] in ("Harbour", "Needling", "Clinic")]
            assert len(name) == 3
            # every word of the name sits wholly above the number, and none is cut off the page
            assert all(box[4] <= phone[2] + 0.5 for box in name)

    def test_no_exercise_starts_on_one_page_and_ends_on_the_next(self):
        for country in ("US", "GB"):
            self.clinic.country = country
            self.clinic.save()
            pdf = self.get_pdf()
            text = [" ".join(pdf_text(pdf, n).split()) for n in range(1, pages(pdf) + 1)]
            # each exercise's name and the last words of its instructions share a page
            for ident in NECK_PROGRAM:
                ex = library_exercise(ident)
                end = " ".join(ex.how.split()[-3:])
                assert any(ex.name in page and end in page for page in text), (country, ex.name)

    def test_it_is_set_only_in_the_fonts_taut_ships(self):
        # fontconfig substitutes nothing, so the page count holds on every machine
        assert shipped_only(pdf_fonts(self.get_pdf()))

    def test_every_export_is_audited(self):
        self.get_pdf()
        entry = AuditEntry.objects.filter(action="export").latest("pk")
        assert entry.detail == {"format": "pdf", "page": "program"}
        assert entry.patient_id == self.portal_patient.pk


def test_letter_for_north_america_a4_elsewhere():
    assert (page_size("US"), page_size("ca"), page_size("GB"), page_size("AU")) == (
        "letter", "letter", "A4", "A4",
    )  # fmt: skip
