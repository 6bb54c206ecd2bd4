"""Normal range of motion at a clinic: the clinic's own values where it set them, the
defaults of taut/clinical/data/rom_norms.yaml elsewhere."""

from django.db import transaction

from taut.clinical import rom
from taut.clinics.versions import claim, set_versioned
from taut.exams.models import RomNorm
from taut.kb.catalog import Movement, catalog


def norms_for(clinic) -> dict[str, rom.Norm]:
    """Movement id -> the normal value in force at `clinic`, with its source."""
    norms = dict(rom.default_norms())
    movements = catalog().movements
    for own in RomNorm.objects.filter(clinic=clinic):
        # A movement dropped from the knowledge base, or a 0 that gives no percentage, is
        # left out rather than offered.
        if own.movement in movements and own.degrees:
            norms[own.movement] = rom.Norm(own.movement, own.degrees, own.source)
    return norms


def norm_for(clinic, movement: str) -> rom.Norm | None:
    """The normal value of one movement at `clinic`, or None when there is none."""
    return norms_for(clinic).get(movement)


def measurable(in_force: dict[str, rom.Norm]) -> list[Movement]:
    """Catalog movements that have a normal value `in_force` (norms_for), in catalog order."""
    return [m for m in catalog().movements.values() if m.id in in_force]


# --- setting the clinic's own values ----------------------------------------------------------


def set_norm(
    clinic, movement: str, degrees: int, source: str, based_on: int
) -> tuple[RomNorm, bool]:
    """Set the clinic's own value of `movement` if it is still as the admin's page showed it:
    at version `based_on`, or (0) not set. Stale otherwise, nothing written. (norm, created)."""
    return set_versioned(
        RomNorm, {"clinic": clinic, "movement": movement},
        {"degrees": degrees, "source": source}, based_on,
        gone=lambda: default_in_force(clinic, movement),  # reverted meanwhile
    )  # fmt: skip


def revert_norm(norm: RomNorm, based_on: int) -> None:
    """Drop the clinic's own value if it is still at version `based_on` (Stale if it moved on,
    nothing dropped): the default applies again."""
    with transaction.atomic():
        try:
            claim(norm, based_on)
        except RomNorm.DoesNotExist:
            return  # dropped by someone else a moment ago: the default applies, as asked
        norm.delete()


def default_in_force(clinic, movement: str) -> RomNorm:
    """The default value as an unsaved RomNorm at version 0: what a conflict shows as theirs
    when the clinic's own value was dropped meanwhile."""
    default = rom.default_norms().get(movement)
    return RomNorm(
        clinic=clinic, movement=movement, version=0,
        degrees=default.degrees if default else 0,
        source=f"Default: {default.source}" if default else "No value",
    )  # fmt: skip
