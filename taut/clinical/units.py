"""Units of the timed (15-minute) codes of one visit: the CMS 8-minute rule or the AMA rule.

CMS: Medicare Claims Processing Manual (Pub. 100-04), chapter 5, section 20.2 "Reporting of
Service Units With HCPCS", C. "Counting Minutes for Timed Codes in 15 Minute Units". The
total minutes of all timed services of the day set the total units (8-22 minutes one unit,
23-37 two, and so on); each service first gets one unit per full 15 minutes it took, and the
units left over go to the services with the most minutes left over. Two services of 7
minutes or less each that add up to 8 or more earn one unit, for the one that took longer.

AMA: CPT counts each timed code on its own: a unit is reached once the midpoint is passed
(8 of 15 minutes), so a service of 7 minutes bills nothing. Many commercial payers use it;
a clinic chooses the rule its payers follow.
"""

from collections.abc import Mapping
from enum import StrEnum

UNIT_MINUTES = 15
MIDPOINT = 8  # minutes of a 15-minute unit that earn it (CMS table: 8-22 minutes, 1 unit)


class UnitRule(StrEnum):
    CMS = "cms"
    AMA = "ama"


def units_for(minutes: int) -> int:
    """Units of `minutes` of timed treatment: 0 under 8, 1 for 8-22, 2 for 23-37..."""
    if minutes < 0:
        raise ValueError("minutes cannot be negative")
    return (minutes + UNIT_MINUTES - MIDPOINT) // UNIT_MINUTES


def cms_units(minutes: Mapping[str, int]) -> dict[str, int]:
    """Units per code under the CMS 8-minute rule; ties go to the code listed first."""
    total = units_for(sum(minutes.values()))
    units = {code: m // UNIT_MINUTES for code, m in minutes.items()}
    left = sorted(minutes, key=lambda code: -(minutes[code] % UNIT_MINUTES))
    for code in left[: total - sum(units.values())]:
        units[code] += 1
    return units


def ama_units(minutes: Mapping[str, int]) -> dict[str, int]:
    """Units per code under the AMA rule: each code on its own minutes."""
    return {code: units_for(m) for code, m in minutes.items()}


def timed_units(minutes: Mapping[str, int], rule: UnitRule = UnitRule.CMS) -> dict[str, int]:
    """Units per timed code of one visit for `rule`; `minutes` maps code to minutes."""
    return (cms_units if rule == UnitRule.CMS else ama_units)(minutes)
