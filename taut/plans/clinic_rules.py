"""A clinic's plan rules: the latest saved version, or Taut's defaults; saving writes a version."""

from django.db import IntegrityError, transaction

from taut.planning import rules as planning_rules
from taut.plans.models import PlanRules


class RulesChanged(Exception):
    """Someone saved the rules since this edit began."""


def latest(clinic) -> PlanRules | None:
    return PlanRules.objects.filter(clinic=clinic).order_by("-version").first()


def current_rules(clinic) -> tuple[planning_rules.Rules, PlanRules | None]:
    """The clinic's rules and the saved version they came from (None: the defaults).

    A saved file is validated before it is stored; should a later release no longer read it,
    the defaults apply (and the pages say so) until the clinic saves a corrected version."""
    saved = latest(clinic)
    if saved is None:
        return planning_rules.defaults(), None
    try:
        return planning_rules.load(saved.text), saved
    except planning_rules.RulesError:
        return planning_rules.defaults(), None


def save(clinic, text: str, by, *, based_on: int, is_default: bool = False) -> PlanRules:
    """Validate `text` (RulesError, nothing saved) and store it as the next version.

    `based_on` is the version the editor started from; RulesChanged if another was saved since.
    """
    planning_rules.load(text)
    with transaction.atomic():
        current = latest(clinic)
        version = current.version if current else 0
        if version != based_on:
            raise RulesChanged
        try:
            with transaction.atomic():
                return PlanRules.objects.create(
                    clinic=clinic, version=version + 1, text=text, saved_by=by,
                    is_default=is_default,
                )  # fmt: skip
        except IntegrityError:
            raise RulesChanged from None
