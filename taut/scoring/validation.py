"""Shared input rules: an item list's shape, whole-number item values in range, and messages
that name the item (1-based number and short label) and the rule broken."""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Integral
from typing import Any, cast

from taut.scoring.errors import ScoringError


def kind(value: Any) -> str:
    """How a value reads in a message: the value itself for numbers, its type otherwise."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({value})"
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, Integral):
        return repr(int(value))  # plain, also for numpy integers
    if isinstance(value, float):
        return repr(float(value))
    return f"a {type(value).__name__}"


def whole(
    value: Any,
    low: int,
    high: int,
    where: str,
    rule: str,
    *,
    item: int | None = None,
    field: str | None = None,
) -> int:
    """`value` as an int in low..high; else ScoringError "<where>: <problem>; <rule>"."""
    if type(value) is int:  # the common case first: this runs for every item of every case
        number = value
    elif isinstance(value, bool):
        raise ScoringError(
            f"{where}: {kind(value)} is not a number; {rule}", item=item, field=field
        )
    elif isinstance(value, Integral):
        number = int(value)
    elif isinstance(value, float):
        if math.isnan(value):
            problem = "NaN is not a number"
        elif math.isinf(value):
            problem = f"{float(value)} is not a finite number"
        elif not value.is_integer():
            problem = f"{float(value)!r} is not a whole number"
        else:
            problem = ""
        if problem:
            raise ScoringError(f"{where}: {problem}; {rule}", item=item, field=field)
        number = int(value)
    else:
        raise ScoringError(
            f"{where}: {kind(value)} is not a number; {rule}", item=item, field=field
        )
    if number < low:
        raise ScoringError(
            f"{where}: {number} is below the minimum {low}; {rule}", item=item, field=field
        )
    if number > high:
        raise ScoringError(
            f"{where}: {number} is above the maximum {high}; {rule}", item=item, field=field
        )
    return number


def sequence(values: Any, name: str, expected: str) -> Sequence[Any]:
    """`values` if it is a list-like sequence of item values (not text)."""
    if isinstance(values, str | bytes | bytearray) or not isinstance(values, Sequence):
        raise ScoringError(f"{name}: expected {expected}, got {kind(values)}")
    return values


def items(
    name: str,
    values: Any,
    labels: Sequence[str],
    low: int,
    high: int,
    *,
    missing_ok: bool,
    count: int | None = None,
) -> list[int | None]:
    """Check an item list: `count` items (default: one per label), each a whole number low..high
    or, when `missing_ok`, None for a missing item. The missing-data rule is the caller's."""
    count = len(labels) if count is None else count
    expected = f"a list of {count} item values in questionnaire order"
    if missing_ok:
        expected += " (null for a missing item)"
    values = sequence(values, name, expected)
    if len(values) != count:
        got = f"{len(values)} value{'' if len(values) == 1 else 's'}"
        raise ScoringError(f"{name}: expected {expected}, got {got}")
    rule = f"items are whole numbers from {low} to {high}"
    out: list[int | None] = []
    for number, value in enumerate(values, 1):
        where = f"{name} item {number} ({labels[number - 1]})"
        if value is None:
            if not missing_ok:
                raise ScoringError(
                    f"{where}: missing; every item must be answered ({rule})", item=number
                )
            out.append(None)
        else:
            out.append(whole(value, low, high, where, rule, item=number))
    return out


def answered(
    name: str, values: Any, labels: Sequence[str], low: int, high: int, count: int | None = None
) -> list[int]:
    """`items` for an instrument without missing items: every value answered."""
    return cast(list[int], items(name, values, labels, low, high, missing_ok=False, count=count))


def missing_list(numbers: Sequence[int], labels: Sequence[str]) -> str:
    """'items 2 (Personal care), 8 (Driving)' for a message."""
    named = ", ".join(f"{n} ({labels[n - 1]})" for n in numbers)
    return f"item{'s' if len(numbers) > 1 else ''} {named}"
