"""Accepted plans for the demo clinic: version 1, accepted as proposed, for every episode that
has an assessment and no plan yet. Idempotent: an episode with a plan is left as it is."""

from taut.clinics.models import Clinic, Membership
from taut.clinics.roles import Role
from taut.episodes.models import Episode
from taut.plans import editing
from taut.plans.inputs import latest_assessment, proposal_for, stored_proposal


def seed(clinic: Clinic) -> int:
    """Accept the proposal of each assessed demo episode without a plan; how many were made."""
    member = Membership.objects.filter(clinic=clinic, role=Role.CLINICIAN).first()
    if member is None:
        return 0
    made = 0
    episodes = Episode.objects.filter(clinic=clinic, assessments__isnull=False, plans__isnull=True)
    for episode in episodes.distinct():
        proposal = stored_proposal(*proposal_for(episode))
        start = editing.initial(proposal, None)
        main = start["main"] | {"notes": ""}
        exercises = [row | {"library": _library(row["exercise"])} for row in start["exercises"]]
        editing.accept(
            episode, main=main, targets=start["targets"], goals=start["goals"],
            exercises=exercises, proposal=proposal, assessment=latest_assessment(episode),
            by=member.user,
        )  # fmt: skip
        made += 1
    return made


def _library(exercise_id: str):
    from taut.kb import exercises

    return exercises.exercise(exercise_id)
