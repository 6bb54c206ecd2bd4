"""`LongSelect` (taut.widgets) writes what Django's own select templates write, byte for byte."""

from django import forms
from django.test import SimpleTestCase
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from taut.exams.forms import FindingForm, RomForm
from taut.exams.norms import norms_for
from taut.invoices.forms import SettingsForm
from taut.treatment.forms import NeedlingFormSet
from taut.widgets import LongSelect
from tests.base import ClinicTestCase

GROUPED = [
    ("", "Choose…"),
    ("Neck & shoulder", [("upper_trapezius", "Upper trapezius"), ("levator", "Levator <scap>")]),
    ('"Quoted" group', [("q'1", 'It\'s "quoted"'), (3, 3)]),
    ("Lazy", [("lazy", gettext_lazy("A lazy label"))]),
    ("safe", mark_safe("<b>kept as written</b>")),
]


class SameAsDjangoTests(SimpleTestCase):
    def assertSame(self, choices, value, attrs=None, widget_attrs=None):
        ours = LongSelect(attrs=widget_attrs, choices=choices).render("pick", value, attrs)
        theirs = forms.Select(attrs=widget_attrs, choices=choices).render("pick", value, attrs)
        self.assertEqual(ours, theirs)
        return ours

    def test_nothing_chosen(self):
        html = self.assertSame(GROUPED, None)
        self.assertIn('<optgroup label="Neck &amp; shoulder">', html)
        self.assertIn(">Levator &lt;scap&gt;</option>", html)

    def test_an_option_in_a_group_chosen(self):
        html = self.assertSame(GROUPED, "levator")
        self.assertIn('<option value="levator" selected>', html)

    def test_values_and_labels_that_need_escaping(self):
        html = self.assertSame(GROUPED, "q'1")
        self.assertIn('value="q&#x27;1" selected>It&#x27;s &quot;quoted&quot;</option>', html)
        self.assertSame(GROUPED, 3)

    def test_a_value_not_among_the_choices(self):
        self.assertNotIn(" selected", self.assertSame(GROUPED, "retired_muscle"))

    def test_labels_that_are_not_text_are_written_as_a_template_writes_them(self):
        from datetime import date
        from decimal import Decimal

        from django.utils import translation

        choices = [("d", date(2026, 3, 10)), ("n", Decimal("1.50")), ("i", 12345)]
        for language in ("en-us", "de"):
            with translation.override(language):
                self.assertSame(choices, "n")
                self.assertSame([(date(2026, 1, 2), [("x", "X")])], "x")

    def test_flat_choices(self):
        self.assertSame([("a", "A"), ("b", "B & C")], "b")

    def test_attributes_true_false_and_escaped(self):
        attrs = {"id": "id_pick", "required": True, "disabled": False, "data-x": 'a"b<c'}
        html = self.assertSame(GROUPED, "", attrs, {"class": "wide & tall"})
        self.assertIn(' required data-x="a&quot;b&lt;c"', html)
        self.assertNotIn("disabled", html)


class FormsTests(ClinicTestCase):
    """The fields that use it, rendered as their pages render them: unbound, bound with a
    choice, and bound with errors (required, aria-invalid and aria-describedby)."""

    def assertSameField(self, bound):
        ours = str(bound)
        bound.field.widget = forms.Select(
            attrs=bound.field.widget.attrs, choices=bound.field.widget.choices
        )
        self.assertEqual(ours, str(bound))

    def test_the_session_forms_muscle_and_trigger_point(self):
        data = {
            "needling-TOTAL_FORMS": "2", "needling-INITIAL_FORMS": "0",
            "needling-0-muscle": "upper_trapezius", "needling-0-trigger_point": "nonsense",
            "needling-1-muscle": "", "needling-1-side": "left",
        }  # fmt: skip
        for formset in (
            NeedlingFormSet(prefix="needling"),
            NeedlingFormSet(data, prefix="needling"),
        ):
            formset.is_valid()
            for form in [*formset, formset.empty_form]:
                self.assertIsInstance(form.fields["muscle"].widget, LongSelect)
                self.assertSameField(form["muscle"])
                self.assertSameField(form["trigger_point"])

    def test_the_assessment_forms_lists(self):
        self.assertSameField(FindingForm()["trigger_point"])
        self.assertSameField(FindingForm({"trigger_point": "x"})["trigger_point"])
        rom = RomForm(in_force=norms_for(self.clinic))
        self.assertIsInstance(rom.fields["movement"].widget, LongSelect)
        self.assertSameField(rom["movement"])

    def test_the_clinicians_and_staff_lists(self):
        from taut.episodes.forms import ConsentForm
        from taut.scheduling.forms import WhenForm

        when = WhenForm({"clinician": str(self.alice.pk)}, clinic=self.clinic)
        self.assertIsInstance(when.fields["clinician"].widget, LongSelect)
        self.assertIn(f'<option value="{self.alice.pk}" selected>', str(when["clinician"]))
        self.assertSameField(when["clinician"])
        self.assertSameField(WhenForm(clinic=self.clinic)["clinician"])
        consent = ConsentForm(clinic=self.clinic, user=self.alice)
        self.assertIsInstance(consent.fields["witnessed_by"].widget, LongSelect)
        self.assertSameField(consent["witnessed_by"])

    def test_the_currency_list(self):
        form = SettingsForm()
        self.assertIsInstance(form.fields["currency"].widget, LongSelect)
        self.assertSameField(form["currency"])
