"""Keyset paging: the rows after (or before) a cursor on the list's ordering and the primary
key, never an OFFSET, so that a deep page costs what the first one does (issue 18).

A cursor is opaque and signed: it names only the primary key of the row at the edge of a page
and which way to go, so no name or birth date appears in a URL; the row's sort values are read
back by that key. A cursor that was altered, or is not one of ours, is `BadCursor` (a 400).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db import connections, models
from django.db.models import Q

SALT = "taut.paging"
AFTER, BEFORE = "a", "b"


class BadCursor(ValueError):
    """The cursor was not made by this site, or was altered."""


@dataclass(frozen=True)
class KeyPage:
    """One page: `next` and `previous` are cursors, None at either end of the list."""

    items: list
    next: str | None
    previous: str | None


@dataclass(frozen=True)
class Keyed:
    """Rows known to be few, with their primary keys read once in list order (`in_order`):
    a page is found among the keys and only its rows are read, by key (issue 18)."""

    rows: models.QuerySet
    keys: list


def ordering(rows: models.QuerySet) -> tuple[list[str], bool]:
    """The fields `rows` are paged on (their ordering, then the primary key) and whether
    descending. The ordering must be on non-null fields, all one direction."""
    fields = [f for f in rows.query.order_by or rows.model._meta.ordering if f.lstrip("-") != "pk"]
    descending = bool(fields) and fields[0].startswith("-")
    if any(f.startswith("-") != descending for f in fields):
        raise ValueError(f"keyset paging needs one direction, not {fields}")
    return [f.lstrip("-") for f in fields] + ["pk"], descending


def in_order(rows: models.QuerySet, limit: int) -> list:
    """The primary keys of `rows`, at most `limit` of them (all when there are fewer), in the
    order they are paged in. The rows are found without an order, then sorted: asked for
    them in order, PostgreSQL may walk the list's whole index in that order hoping to meet
    the few matches early (4-letter searches: 230 ms at 100k patients, issue 18), where
    found by the search's own indexes they take a few milliseconds."""
    names, descending = ordering(rows)
    found = rows.order_by().values_list(*names)[:limit]
    sql, params = found.query.sql_with_params()
    direction = " DESC" if descending else ""
    order = ", ".join(f"{n}{direction}" for n in range(1, len(names) + 1))
    with connections[found.db].cursor() as cursor:
        # A subquery with its own LIMIT is planned on its own; the sort uses the columns' own
        # collation, as the list's ORDER BY does.
        cursor.execute(f"SELECT * FROM ({sql}) AS found ORDER BY {order}", params)
        return [row[-1] for row in cursor.fetchall()]


def make_cursor(direction: str, key: Any) -> str:
    return signing.dumps([direction, key], salt=SALT, compress=True)


def read_cursor(cursor: str) -> tuple[str, Any]:
    try:
        direction, key = signing.loads(cursor, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadCursor("The cursor is not valid; start again from the first page.") from error
    if direction not in (AFTER, BEFORE):
        raise BadCursor("The cursor is not valid; start again from the first page.")
    return direction, key


def keyset_page(rows: models.QuerySet | Keyed | list, cursor: str | None, size: int) -> KeyPage:
    """The page of `rows` (a queryset in its order, `Keyed` rows or a list) after or before
    `cursor`. A queryset's ordering must be on non-null fields, all ascending or all
    descending; the primary key is added last to make it total."""
    if isinstance(rows, list):
        return _list_page(rows, cursor, size)
    if isinstance(rows, Keyed):
        return _keyed_page(rows, cursor, size)
    names, descending = ordering(rows)
    direction = AFTER
    if cursor:
        direction, pk = read_cursor(cursor)
        if not isinstance(pk, int):
            raise BadCursor("The cursor is not valid; start again from the first page.")
        edge = rows.model._base_manager.filter(pk=pk).values_list(*names).first()
        if edge is None:
            raise BadCursor("The row this cursor points at no longer exists.")
        rows = rows.filter(_beyond(names, edge, forward=(direction == AFTER) != descending))
    backward = direction == BEFORE
    order = [f"-{n}" if descending != backward else n for n in names]
    found = list(rows.order_by(*order)[: size + 1])
    more, found = len(found) > size, found[:size]
    if backward:
        found.reverse()
    if not found:
        return KeyPage([], None, None)
    return KeyPage(
        found,
        make_cursor(AFTER, found[-1].pk) if (more or backward) else None,
        make_cursor(BEFORE, found[0].pk) if (more if backward else cursor) else None,
    )


BAD_LINK = "That page link is not valid (any more); here is the first page."


def page_or_first(rows, cursor: str | None, size: int) -> tuple[KeyPage, str]:
    """The page after or before `cursor`, or, when the cursor is not valid (altered, or its
    row gone), the first page and the message a page shows for it (empty otherwise)."""
    try:
        return keyset_page(rows, cursor, size), ""
    except BadCursor:
        return keyset_page(rows, None, size), BAD_LINK


def _beyond(names: list[str], edge: tuple, forward: bool) -> Q:
    """Rows strictly after `edge` in (names...) order (before it, if not `forward`): the first
    key bounded on its own, so an index on it is used, then the expanded row comparison."""
    op = "gt" if forward else "lt"
    expanded = Q()
    for i, name in enumerate(names):
        equal = {n: v for n, v in zip(names[:i], edge[:i], strict=True)}
        expanded |= Q(**equal, **{f"{name}__{op}": edge[i]})
    return Q(**{f"{names[0]}__{op}e": edge[0]}) & expanded


def _keyed_page(rows: Keyed, cursor: str | None, size: int) -> KeyPage:
    """The page among `rows.keys`; a cursor on a row no longer among them (renamed out of a
    search, say) is paged from as a queryset's is, from where that row now sorts."""
    keys, start, end = rows.keys, 0, size
    if cursor:
        direction, pk = read_cursor(cursor)
        if not isinstance(pk, int) or pk not in keys:
            return keyset_page(rows.rows.filter(pk__in=keys), cursor, size)
        at = keys.index(pk)
        start, end = (at + 1, at + 1 + size) if direction == AFTER else (max(0, at - size), at)
    shown = keys[start:end]
    by_key = rows.rows.in_bulk(shown) if shown else {}
    found = [by_key[pk] for pk in shown if pk in by_key]
    if not found:
        return KeyPage([], None, None)
    return KeyPage(
        found,
        make_cursor(AFTER, found[-1].pk) if end < len(keys) else None,
        make_cursor(BEFORE, found[0].pk) if start > 0 else None,
    )


def _list_page(rows: list, cursor: str | None, size: int) -> KeyPage:
    """A list held in memory (the knowledge base's): the cursor is a position in it, the
    first row of the page after or the row following the page before."""
    start, end = 0, size
    if cursor:
        direction, position = read_cursor(cursor)
        if not isinstance(position, int) or not 0 <= position <= len(rows):
            raise BadCursor("The cursor is not valid; start again from the first page.")
        start, end = (position, position + size) if direction == AFTER else (
            max(0, position - size), position)  # fmt: skip
    found = rows[start:end]
    if not found:
        return KeyPage([], None, None)
    return KeyPage(
        found,
        make_cursor(AFTER, end) if end < len(rows) else None,
        make_cursor(BEFORE, start) if start > 0 else None,
    )
