"""How many weekly visits to offer for a patient: from the accepted plan of their open episode."""

import math
from dataclasses import dataclass

from taut.episodes.models import Episode
from taut.patients.models import Patient
from taut.plans.editing import current_plan

# A series longer than half a year is more likely a slip of the keyboard than a plan of care
# (engineering choice); plans themselves stop at 60 visits.
MAX_WEEKS = 26


@dataclass(frozen=True)
class PlanPace:
    visits: int
    per_week: int

    @property
    def weeks(self) -> int:
        """Weeks the plan's visits take at its pace: a weekly series books one visit a week,
        so a plan of two a week needs a second series on another day."""
        return min(MAX_WEEKS, math.ceil(self.visits / self.per_week))


def plan_pace(patient: Patient) -> PlanPace | None:
    """The visit frequency of the accepted plan of the patient's latest open episode."""
    episode = (
        Episode.objects.filter(patient=patient, discharged_on__isnull=True)
        .order_by("-opened_on", "-pk")
        .first()
    )
    plan = current_plan(episode) if episode else None
    return PlanPace(plan.visits, plan.visits_per_week) if plan else None
