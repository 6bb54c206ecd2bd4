"""Which wording each instrument has at a clinic: Taut's own for the instruments it ships, the
clinic's latest upload for the licensed ones, or none ("wording not loaded")."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max

from taut.measures.models import InstrumentWording
from taut.scoring import wording
from taut.scoring.wording import Wording

ATTEMPTS = 3  # tries at the next version number when two admins upload at the same moment


@dataclass(frozen=True)
class Current:
    wording: Wording
    row: InstrumentWording | None  # None for Taut's own wording

    @property
    def shipped(self) -> bool:
        return self.row is None


def current(clinic, instrument: str) -> Current | None:
    if shipped := wording.shipped(instrument):
        return Current(shipped, None)
    row = InstrumentWording.objects.filter(clinic=clinic, instrument=instrument).first()
    return Current(row.parsed(), row) if row else None


def loaded(clinic) -> set[str]:
    """The instruments that have their full wording at `clinic` (one query)."""
    uploaded = InstrumentWording.objects.filter(clinic=clinic).values_list("instrument", flat=True)
    return set(wording.SHIPPED) | set(uploaded)


def upload(clinic, instrument: str, content: str, by) -> InstrumentWording:
    """Check an uploaded file and store it as the next version; WordingError when it does not
    fit the instrument."""
    checked = wording.parse(instrument, wording.read(content))
    for attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                top = InstrumentWording.objects.filter(clinic=clinic, instrument=instrument)
                version = (top.aggregate(v=Max("version"))["v"] or 0) + 1
                return InstrumentWording.objects.create(
                    clinic=clinic, instrument=instrument, version=version,
                    content=checked.as_dict(), uploaded_by=by,
                )  # fmt: skip
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")
