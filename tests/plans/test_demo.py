"""The demo clinic gets accepted plans, with exercises, for its assessed episodes."""

from django.test import TestCase

from taut.demo.build import build
from taut.episodes.models import Episode
from taut.plans import demo
from taut.plans.models import PlanExercise, TreatmentPlan


class PlanDemoTests(TestCase):
    def test_assessed_demo_episodes_get_a_plan_once(self):
        clinic = build()
        assessed = Episode.objects.filter(clinic=clinic, assessments__isnull=False).distinct()
        assert assessed.exists()
        assert TreatmentPlan.objects.filter(clinic=clinic).count() == assessed.count()
        assert PlanExercise.objects.filter(plan__clinic=clinic).exists()
        assert demo.seed(clinic) == 0  # idempotent
        assert not TreatmentPlan.objects.filter(version__gt=1).exists()
