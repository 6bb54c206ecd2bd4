"""CPT codes for dry needling sessions.

source: AMA CPT 2020, codes 20560 "needle insertion(s) without injection(s); 1 or 2
muscle(s)" and 20561 "... 3 or more muscles" (in force from 1 January 2020; APTA, Physician
fee schedule coding updates, APTA Magazine, February 2020). The codes count muscles, not
trigger points or needle insertions. Parts of one anatomical muscle (the sternal and
clavicular heads of sternocleidomastoid, upper and lower trapezius) are one muscle.

Sides: we found no coding source we could confirm that says whether the same muscle on the
left and on the right counts once or twice. By default a muscle counts once whatever the
sides; a clinic following its payer's rule can count sides separately (docs/billing.md).
"""

from collections.abc import Iterable

ONE_OR_TWO_MUSCLES = "20560"
THREE_OR_MORE_MUSCLES = "20561"


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
