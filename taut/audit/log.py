"""Writing to the audit trail: `record(request, action, obj)` from views and auth events;
`together()` around a page's reads writes their entries in one go."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import models, transaction
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
    """Append the entries recorded in the block when it ends (also when it raises), in one
    transaction: a page that reads a patient and an episode locks the chain's head once, not
    once per read. Only for reads that show nothing before the block ends."""
    held: list[dict] = []
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
        if held:
            append(*held)


def append(*contents: dict) -> list[AuditEntry]:
    """Add the entries, in order, to the end of their clinics' chains, holding only those
    chains' head rows (locked in name order, so that two appends never wait on each other)."""
    chains = [chain_for(content.get("clinic_id")) for content in contents]
    entries = []
    with transaction.atomic():
        heads = {
            chain: ChainHead.objects.select_for_update().get_or_create(
                chain=chain, defaults={"hash": GENESIS}
            )[0]
            for chain in sorted(set(chains))
        }
        for chain, content in zip(chains, contents, strict=True):
            head = heads[chain]
            entry = AuditEntry(chain=chain, seq=head.seq + 1, prev_hash=head.hash, **content)
            entry.hash = entry_hash(entry.content())
            head.seq, head.hash = entry.seq, entry.hash
            entries.append(entry)
        AuditEntry.objects.bulk_create(entries)
        for head in heads.values():
            head.save(update_fields=["seq", "hash"])
    return entries
