"""Validation of a bulk export by shape: fhir.resources checks in full the first resource of
each distinct shape, and every other resource must have a shape it already accepted.

A resource's shape is its structure with the values left out: the element names in order,
list members (as a set of shapes), the JSON type of each value, and the class of each value
that decides whether fhir.resources accepts it: a string is code-like (not empty, no
whitespace but single spaces between words: the pattern of FHIR `code`), other text, or
empty; an integer is negative, zero or positive, and one outside FHIR's 32-bit range is kept
whole. So a resource whose shape was accepted has the same elements, nested the same way,
with values of the same types, classes and signs, as one fhir.resources accepted.

What is not re-checked for such a resource is the pattern of each string value beyond that
class: date, dateTime and instant formats, id characters and length (64), uri syntax. Taut
writes those from code (`instant` and `isoformat` of stored dates, ids from primary keys and
uuids, codes and systems from codes.py), never from typed text.
"""

from taut.fhir.validate import validate

INT32 = 2**31  # FHIR integer: -2,147,483,648 to 2,147,483,647


def shape(value):
    """A hashable summary of `value`'s structure and of the value classes listed above."""
    kind = type(value)
    if kind is dict:
        return tuple([(key, shape(item)) for key, item in value.items()])
    if kind is list:
        return frozenset([shape(item) for item in value]) if value else ()
    if kind is str:
        return True if " ".join(value.split()) == value and value else "t" if value else ""
    if kind is int:
        if not -INT32 <= value < INT32:
            return value
        return 1 if value > 0 else -1 if value < 0 else 0
    return kind  # float, bool, None


class ShapeCheck:
    """Callable validator for one export: full fhir.resources validation of each new shape
    (or of every resource when `every`); raises InvalidResource like `validate`."""

    def __init__(self, every: bool = False):
        self.every = every
        self.accepted: set = set()
        self.validated = 0

    def __call__(self, resource: dict) -> None:
        if self.every:
            validate(resource)
            self.validated += 1
            return
        key = shape(resource)
        if key not in self.accepted:
            validate(resource)
            self.validated += 1
            self.accepted.add(key)
