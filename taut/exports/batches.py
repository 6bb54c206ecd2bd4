"""Reading in batches (plain Python)."""

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """`items` in lists of `size`, the last one shorter (itertools.batched from Python 3.12)."""
    if size < 1:
        raise ValueError("A batch holds at least one item.")
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch
