"""CPT codes for dry needling sessions.

source: the AMA CPT code set, codes 20560 and 20561, in force from 1 January 2020 (APTA,
"Compliance matters: physician fee schedule coding updates", APTA Magazine, February 2020).
The AMA's descriptors are licensed text and are not reproduced here; in Taut's words, 20560 is
dry needling (needles inserted, nothing injected) of one or two muscles and 20561 the same of
three or more. The codes count muscles, not trigger points or needle insertions.

What counts as one muscle: the parts of one anatomical muscle that the knowledge base lists
apart (the heads of sternocleidomastoid and triceps, the fibres of trapezius) count once; the
members of a family of separate muscles (anterior, middle and posterior scalene; peroneus
longus, brevis and tertius) count each (`Muscle.anatomical_id`).

Sides: we found no coding source we could confirm that says whether the same muscle on the
left and on the right counts once or twice. By default a muscle counts once whatever the
sides; a clinic following its payer's rule can count sides separately (docs/billing.md).
"""

from collections.abc import Iterable

ONE_OR_TWO_MUSCLES = "20560"
THREE_OR_MORE_MUSCLES = "20561"
# What each code means, in Taut's own words (not the AMA descriptor).
DESCRIPTIONS = {
    ONE_OR_TWO_MUSCLES: "Dry needling of 1 or 2 muscles",
    THREE_OR_MORE_MUSCLES: "Dry needling of 3 or more muscles",
}


def muscles_counted(needled: Iterable[tuple[str, str]], *, count_sides: bool = False) -> int:
    """Distinct muscles among (anatomical muscle id, side) pairs."""
    pairs = set(needled)
    return len(pairs) if count_sides else len({muscle for muscle, _ in pairs})


def needling_code(needled: Iterable[tuple[str, str]], *, count_sides: bool = False) -> str | None:
    """20560 or 20561 for the muscles needled in one session; None when none was."""
    count = muscles_counted(needled, count_sides=count_sides)
    if count == 0:
        return None
    return ONE_OR_TWO_MUSCLES if count <= 2 else THREE_OR_MORE_MUSCLES
