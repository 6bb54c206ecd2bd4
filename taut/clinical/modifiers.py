"""Modifiers a visit's lines need: GP on physical therapy services, and a distinct-site
modifier on manual therapy billed with dry needling.

GP: CMS requires the GP modifier on outpatient therapy services delivered under a physical
therapy plan of care (Medicare Claims Processing Manual, Pub. 100-04, chapter 5, on the
therapy modifiers GP, GO and GN; we did not confirm the section number); 20560 and 20561 are
"sometimes therapy" codes (CY 2020 Physician Fee Schedule final rule) that take it when a
therapist bills them. Other payers may not want it: a clinic setting.

Needling with manual therapy: the Medicare NCCI procedure-to-procedure edits bundle 97140
into 20560/20561 on the same day unless the services were separate and distinct; the two may
be reported together only with an NCCI PTP-associated modifier when the manual therapy was
done on a separate anatomic site: XS ("separate structure") or, where a payer does not take
the X modifiers, 59. sources: CMS, Medicare NCCI Policy Manual for Medicare Services, chapter
I, section E "Modifiers and Modifier Indicators"; CMS MLN1783722 "Proper Use of Modifiers
59, XE, XP, XS & XU" (2024); CMS CR8863 (2014) defining XE, XS, XP and XU. Whether a
particular pair is edited, and with which modifier indicator, is in the current quarter's
PTP table: check it, and the payer's policy.

Sites: Taut compares the knowledge base's body region groups (head and neck, shoulder and
arm, ...) of the muscles needled with the region where manual therapy was given, sides
ignored. That grouping is an engineering choice, not a coding rule: a coder may know better.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from taut.clinical.services import KNOWN, MANUAL_THERAPY, NEEDLING

GP = "GP"
DISTINCT_SITE = "XS"
DISTINCT_PROCEDURE = "59"


@dataclass(frozen=True)
class Line:
    code: str
    regions: frozenset[str] = frozenset()  # where it was done, for needling and manual therapy


@dataclass(frozen=True)
class Advice:
    modifiers: dict[str, tuple[str, ...]]  # code -> modifiers to append
    warnings: tuple[str, ...]


def advise(lines: Iterable[Line], *, gp: bool, use_x_modifiers: bool = True) -> Advice:
    """The modifiers each code of one visit needs, and what to check before billing."""
    lines = list(lines)
    modifiers: dict[str, list[str]] = {line.code: [] for line in lines}
    warnings = []
    needled = frozenset().union(*(x.regions for x in lines if x.code in NEEDLING))
    has_needling = any(x.code in NEEDLING for x in lines)
    for line in lines:
        if line.code != MANUAL_THERAPY or not has_needling:
            continue
        if not line.regions:
            warnings.append(
                "Manual therapy billed with dry needling: give the region where it was done, "
                "to tell whether it was a separate site."
            )
        elif line.regions & needled:
            warnings.append(
                "Manual therapy in a region that was also needled is bundled with the needling "
                "(NCCI procedure-to-procedure edit): it is not separately billable there."
            )
        else:
            modifiers[line.code].append(DISTINCT_SITE if use_x_modifiers else DISTINCT_PROCEDURE)
    if gp:
        for line in lines:
            known = KNOWN.get(line.code)
            if known is not None and known.therapy:
                modifiers[line.code].append(GP)
    return Advice({c: tuple(m) for c, m in modifiers.items()}, tuple(warnings))
