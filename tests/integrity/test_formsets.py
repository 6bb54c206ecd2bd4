"""No tampered formset causes a 500: every formset checks its management data, and every page
with formsets answers a tampered post with the form again, writing nothing."""

import importlib
import pkgutil

from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

import taut
from taut.formsets import CheckedFormSet
from taut.invoices.drafting import draft_from_session
from taut.plans.models import TreatmentPlan
from taut.treatment.models import TreatmentSession
from tests.base import ClinicTestCase
from tests.episodes.factories import make_consent, make_consent_text
from tests.invoices.base import InvoiceTestCase
from tests.plans.factories import make_assessed_episode
from tests.plans.test_plan_pages import accept_data
from tests.treatment.factories import session_data

# Each example is a whole page post (about a second): 30 per page keeps the three page tests
# near a minute and a half on each database, inside `make test`'s 20 minutes (an engineering
# choice; 60 doubled it). The strategy below still reaches every kind of bad count.
EXAMPLES = 30
COUNT = st.one_of(
    st.integers(min_value=-3, max_value=90).map(str),
    st.sampled_from(["", "x", "1.5", "-0", "999999999999", "٣"]),
    st.none(),  # the field left out
)
ROW = {"muscle": "upper_trapezius", "side": "right", "technique": "pistoning",
       "needle_length_mm": "30", "needle_gauge_mm": "0.25", "insertions": "2"}  # fmt: skip


def every_formset() -> list[type]:
    """Every formset class defined in Taut's modules."""
    found = set()
    for info in pkgutil.walk_packages(taut.__path__, "taut."):
        if ".migrations" in info.name or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.BaseFormSet):
                found.add(value)
    return sorted(found - {CheckedFormSet}, key=lambda c: c.__qualname__)


def tamper(data: dict, counts: dict[str, str | None]) -> dict:
    data = dict(data)
    for key, value in counts.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def management(prefixes) -> st.SearchStrategy:
    keys = [f"{p}-{k}" for p in prefixes for k in ("TOTAL_FORMS", "INITIAL_FORMS")]
    return st.fixed_dictionaries({k: COUNT for k in keys})


def test_every_formset_checks_its_management_data():
    classes = every_formset()
    assert len(classes) >= 5, classes  # the plan's three, the session's rows (base and three)
    unchecked = [c.__qualname__ for c in classes if not issubclass(c, CheckedFormSet)]
    assert unchecked == []


class TamperedPlanTests(TestCase, ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = make_assessed_episode(
            cls.patient, cls.alice, pain=7, weeks=10, active=("upper_trapezius_tp1",),
            latent=("rhomboids_tp1",),
        )  # fmt: skip
        cls.url = f"/patients/{cls.patient.uuid}/episodes/{cls.episode.pk}/plan/edit/"

    def test_the_reported_case_is_a_form_error(self):
        self.client.force_login(self.alice)
        response = self.client.post(self.url, {**accept_data(self.episode), "t-INITIAL_FORMS": 0})
        assert response.status_code == 400
        assert "out of date or changed outside the page" in response.content.decode()
        assert not TreatmentPlan.objects.exists()

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(counts=management("tgx"))
    def test_any_management_data_is_answered_without_a_500(self, counts):
        self.client.force_login(self.alice)
        data = tamper(accept_data(self.episode), counts)
        response = self.client.post(self.url, data)
        assert response.status_code in (302, 400)
        if response.status_code == 400:
            assert not TreatmentPlan.objects.exists()


class TamperedSessionTests(TestCase, ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from tests.episodes.factories import make_episode, make_intake

        cls.episode = make_episode(cls.patient, cls.alice)
        make_intake(cls.episode, cls.alice)
        make_consent(cls.episode, make_consent_text(cls.clinic), cls.alice)
        cls.url = f"/patients/{cls.patient.uuid}/episodes/{cls.episode.pk}/sessions/new/"

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(counts=management(["needling", "rom", "events"]))
    def test_any_management_data_is_answered_without_a_500(self, counts):
        self.client.force_login(self.alice)
        data = tamper(session_data(needling=[ROW]), counts)
        before = TreatmentSession.objects.count()
        response = self.client.post(self.url, data)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert TreatmentSession.objects.count() == before


class TamperedInvoiceLinesTests(TestCase, InvoiceTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.invoice, _ = draft_from_session(cls.session, cls.bob)

    def lines(self) -> list[tuple]:
        return list(self.invoice.lines.order_by("pk").values_list("code", "minutes", "units"))

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(counts=management(["form"]))
    def test_any_management_data_is_answered_without_a_500(self, counts):
        self.client.force_login(self.bob)
        before = self.lines()
        version = type(self.invoice).objects.get(pk=self.invoice.pk).version
        data = {"form-TOTAL_FORMS": 0, "form-INITIAL_FORMS": 0, "version": version}
        for n, line in enumerate(self.invoice.lines.order_by("pk")):
            row = {"id": line.pk, "description": line.description, "region": line.region,
                   "minutes": 33 if line.code == "97110" else line.minutes or "",
                   "units": line.units, "unit_price": line.unit_price}  # fmt: skip
            data.update({f"form-{n}-{k}": v for k, v in row.items()})
        response = self.client.post(f"/invoices/{self.invoice.pk}/lines/", tamper(data, counts))
        assert response.status_code in (302, 400)
        if response.status_code == 400:
            assert self.lines() == before
