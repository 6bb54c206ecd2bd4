"""Writing to the audit trail: `record(request, action, obj)` from views and auth events;
`together()` around a page's reads writes their entries in one go."""

import functools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address

from taut.audit.actions import Action
from taut.audit.chain import GENESIS, chain_for, entry_hash
from taut.audit.models import AuditEntry, ChainHead

# The entries recorded inside `together()`, waiting to be appended when the block ends.
_held: ContextVar[list[dict] | None] = ContextVar("audit_held", default=None)


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    header = settings.AUDIT_CLIENT_IP_HEADER
    if header and request.META.get(header):
        ip = request.META[header].split(",")[0].strip()
    else:
        ip = request.META.get("REMOTE_ADDR") or None
    # Store the address as the database will hand it back, so the entry's hash still fits.
    return clean_ipv6_address(ip) if ip and ":" in ip else ip


def describe(obj: models.Model | None) -> tuple[str, str, int | None, int | None]:
    """(object type, object id, patient id, clinic id) of an audited object."""
    if obj is None:
        return "", "", None, None
    return (
        obj._meta.label_lower,
        str(obj.pk),
        getattr(obj, "audit_patient_id", None),
        getattr(obj, "clinic_id", None),
    )


def record(
    request: HttpRequest | None,
    action: Action,
    obj: models.Model | None = None,
    *,
    user=None,
    username: str = "",
    clinic_id: int | None = None,
    detail: dict | None = None,
) -> AuditEntry | None:
    """Append one entry to the chain and return it (inside `together()`, at the end of the
    block, and None); who and from where come from the request."""
    object_type, object_id, patient_id, obj_clinic_id = describe(obj)
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    if clinic_id is None:
        clinic = getattr(request, "clinic", None)
        clinic_id = obj_clinic_id or (clinic.pk if clinic else None)
    content = {
        "at": timezone.now(),
        "user_id": user.pk if user else None,
        "username": (username or (user.get_username() if user else ""))[:150],
        "clinic_id": clinic_id,
        "action": str(action),
        "object_type": object_type,
        "object_id": object_id,
        "patient_id": patient_id,
        "ip": client_ip(request),
        "detail": detail or {},
    }
    held = _held.get()
    if held is not None:
        held.append(content)
        return None
    return append(content)[0]


@contextmanager
def together() -> Iterator[None]:
    """Append the entries recorded in the block when it ends (also when it raises), all or
    none: a page that reads a patient and an episode moves the chain's head once, not once
    per read. Only for reads that show nothing before the block ends."""
    held: list[dict] = []
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
        if held:
            append(*held)


def append(*contents: dict) -> list[AuditEntry]:
    """Add the entries, in order, to the end of their clinics' chains.

    On PostgreSQL, entries of one chain whose head exists are appended by one statement that
    moves the head only from where it was read (`append_moving_head`): no transaction of its
    own and no lock held between statements. Otherwise, or when other appends keep moving the
    head first, the heads are locked while the entries are added (`append_locked`). Both
    number and hash the entries alike (`linked`).
    """
    chains = {chain_for(content.get("clinic_id")) for content in contents}
    if connection.vendor == "postgresql" and len(chains) == 1:
        (chain,) = chains
        for _ in range(MOVE_ATTEMPTS):
            head = read_head(chain)
            if head is None:  # a new chain: its head row is created under the lock
                break
            entries = linked(contents, {chain: head})
            if append_moving_head(chain, head, entries):
                return entries
    return append_locked(contents)


# How often an append reads the head again after another append moved it first, before it
# waits its turn for the head's lock instead.
MOVE_ATTEMPTS = 3


def read_head(chain: str) -> tuple[int, str] | None:
    """The chain's end as (seq, hash), read without a lock; None before its first entry."""
    with connection.cursor() as cursor:
        cursor.execute(read_head_sql(), [chain])  # the ORM's query building took longer
        return cursor.fetchone()


def linked(contents: Iterable[dict], heads: dict[str, tuple[int, str]]) -> list[AuditEntry]:
    """The entries, each numbered and hashed after the one before it in its chain, starting
    from `heads` (chain -> (seq, hash)), which this moves to each chain's new end."""
    entries = []
    for content in contents:
        chain = chain_for(content.get("clinic_id"))
        seq, prev_hash = heads[chain]
        entry = AuditEntry(chain=chain, seq=seq + 1, prev_hash=prev_hash, **content)
        entry.hash = entry_hash(entry.content())
        heads[chain] = (entry.seq, entry.hash)
        entries.append(entry)
    return entries


def append_locked(contents: Iterable[dict]) -> list[AuditEntry]:
    """Append in a transaction holding the chains' head rows (created if need be), locked in
    name order so that two appends never wait on each other."""
    contents = list(contents)
    chains = sorted({chain_for(content.get("clinic_id")) for content in contents})
    with transaction.atomic():
        heads = {
            chain: ChainHead.objects.select_for_update().get_or_create(
                chain=chain, defaults={"hash": GENESIS}
            )[0]
            for chain in chains
        }
        ends = {chain: (head.seq, head.hash) for chain, head in heads.items()}
        entries = linked(contents, ends)
        AuditEntry.objects.bulk_create(entries)
        for chain, head in heads.items():
            head.seq, head.hash = ends[chain]
            head.save(update_fields=["seq", "hash"])
    return entries


def append_moving_head(chain: str, head: tuple[int, str], entries: list[AuditEntry]) -> bool:
    """Insert the entries of one chain and move its head to the last of them, in one
    statement, only if the head is still at `head`; False (and nothing written) if it moved.

    One statement is atomic on its own, and inside a caller's transaction it is part of it.
    A concurrent append that moved the head makes the UPDATE match no row (PostgreSQL checks
    the row again once that append's lock is released), so nothing is inserted.
    """
    end = entries[-1]
    fields = inserted_fields()
    params = [end.seq, end.hash, chain, *head]
    for entry in entries:
        params += [
            field.get_db_prep_save(getattr(entry, field.attname), connection) for field in fields
        ]
    with connection.cursor() as cursor:
        cursor.execute(moving_head_sql(len(entries)), params)
        ids = dict(cursor.fetchall())  # seq -> id
    if not ids:
        return False
    for entry in entries:
        entry.pk = ids[entry.seq]
        entry._state.adding, entry._state.db = False, connection.alias
    return True


def inserted_fields() -> list[models.Field]:
    return [field for field in AuditEntry._meta.concrete_fields if not field.primary_key]


def column(model: type[models.Model], name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@functools.cache
def read_head_sql() -> str:
    seq, hash_, chain = (column(ChainHead, name) for name in ("seq", "hash", "chain"))
    return f"SELECT {seq}, {hash_} FROM {table(ChainHead)} WHERE {chain} = %s"


@functools.cache
def moving_head_sql(rows: int) -> str:
    """The statement of `append_moving_head` for `rows` entries, from the models' meta."""
    fields = inserted_fields()
    # Each value cast to its column's type (psycopg binds on the client, so a value's type is
    # otherwise unknown in a VALUES list), but without a length: a cast to varchar(n) would
    # silently cut a longer value short, where the insert refuses it.
    row = "(" + ", ".join(f"%s::{f.cast_db_type(connection).split('(')[0]}" for f in fields) + ")"
    seq, hash_, chain = (column(ChainHead, name) for name in ("seq", "hash", "chain"))
    columns = ", ".join(column(AuditEntry, field.name) for field in fields)
    # The head moves only from where it was read, and the entries go in only if it moved.
    return (
        f"WITH moved AS (UPDATE {table(ChainHead)} SET {seq} = %s, {hash_} = %s "
        f"WHERE {chain} = %s AND {seq} = %s AND {hash_} = %s RETURNING 1) "
        f"INSERT INTO {table(AuditEntry)} ({columns}) "
        f"SELECT * FROM (VALUES {', '.join([row] * rows)}) AS appended "
        f"WHERE EXISTS (SELECT 1 FROM moved) "
        f"RETURNING {column(AuditEntry, 'seq')}, {column(AuditEntry, 'id')}"
    )
