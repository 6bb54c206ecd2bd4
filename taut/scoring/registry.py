"""The registry of instruments: name -> scorer returning a result with `.score` and `.as_dict()`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from taut.scoring import acr2016, fiqr, ndi, nprs, odi, psfs, quickdash

# Item instruments take the item list; acr2016 takes the areas and keyword fields.
INSTRUMENTS: dict[str, Callable[..., Any]] = {
    "nprs": nprs.score,
    "psfs": psfs.score,
    "ndi": ndi.score,
    "odi": odi.score,
    "quickdash": quickdash.score,
    "fiqr": fiqr.score,
    "acr2016": acr2016.score,
}
ITEM_INSTRUMENTS = ("nprs", "psfs", "ndi", "odi", "quickdash", "fiqr")
