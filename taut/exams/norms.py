"""Normal range of motion at a clinic: the clinic's own values where it set them, the
defaults of taut/clinical/data/rom_norms.yaml elsewhere."""

from taut.clinical import rom
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


def measurable(clinic) -> list[Movement]:
    """Catalog movements that have a normal value at `clinic`, in catalog order."""
    norms = norms_for(clinic)
    return [m for m in catalog().movements.values() if m.id in norms]
