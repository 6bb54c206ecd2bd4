"""The one error the scoring library raises: invalid input, never scored."""

from __future__ import annotations


class ScoringError(ValueError):
    """Invalid input. The message names the item (1-based number and short label) or field and
    the rule it breaks; `item` and `field` carry the same for callers that highlight a form."""

    def __init__(self, message: str, *, item: int | None = None, field: str | None = None):
        super().__init__(message)
        self.item = item
        self.field = field
