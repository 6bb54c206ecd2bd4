"""Checking the stored chain against its hashes."""

from taut.audit.chain import GENESIS, Break, verify
from taut.audit.models import AuditEntry, ChainHead


def verify_stored() -> tuple[int, Break | None, str]:
    """(entries stored, first break or None, the head hash) for the whole stored trail."""
    head = ChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    entries = (
        dict(entry.content(), hash=entry.hash)
        for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)
    )
    return AuditEntry.objects.count(), verify(entries, head_seq, head_hash), head_hash
