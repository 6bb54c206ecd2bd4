"""The hash chains: each entry's hash covers its content and the previous entry's hash.

Plain Python so the rule is easy to read and to check by hand. Changing or removing any
entry breaks every hash after it; `verify` names the first entry that does not fit.

Each clinic has a chain of its own, so that appends for different clinics never wait on one
another; entries that belong to no clinic (a failed login for an unknown name) have theirs.
Entries written while there was a single chain for everyone stay, unchanged, as the closed
`legacy` chain: their hashes are the evidence that checkpoints taken then refer to.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS = "0" * 64
LEGACY = "legacy"
NO_CLINIC = "no-clinic"
FIELDS = (
    "seq", "at", "user_id", "username", "clinic_id", "action",
    "object_type", "object_id", "patient_id", "ip", "detail", "prev_hash",
)  # fmt: skip


def chain_for(clinic_id: int | None) -> str:
    """The chain an entry of this clinic (or of no clinic) is appended to."""
    return NO_CLINIC if clinic_id is None else f"clinic-{clinic_id}"


def entry_hash(content: Mapping) -> str:
    """SHA-256 over the entry's fields in a fixed order, as canonical JSON."""
    payload = json.dumps(
        [content[name] for name in FIELDS], sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str


def verify(
    entries: Iterable[Mapping], head_seq: int, head_hash: str, chain: str = LEGACY
) -> Break | None:
    """The first break in the chain, or None when every entry fits.

    `entries` are in sequence order, each a mapping with FIELDS and its stored `hash`.
    `head_seq`/`head_hash` are the chain's recorded end, which catches removed last entries.
    In a clinic's chain every entry must be of that clinic: the chain an entry sits in is not
    hashed, but its clinic is, so an entry moved to another chain is caught here.
    """
    expected_prev, expected_seq = GENESIS, 1
    for entry in entries:
        if entry["seq"] != expected_seq:
            return Break(expected_seq, f"entry {expected_seq} is missing")
        if entry["prev_hash"] != expected_prev:
            return Break(entry["seq"], "does not follow the previous entry (one was removed)")
        if entry_hash(entry) != entry["hash"]:
            return Break(entry["seq"], "content does not match its hash (it was changed)")
        if chain != LEGACY and chain_for(entry["clinic_id"]) != chain:
            return Break(entry["seq"], "belongs to another chain (it was moved)")
        expected_prev, expected_seq = entry["hash"], expected_seq + 1
    last_seq = expected_seq - 1
    if last_seq != head_seq or expected_prev != head_hash:
        return Break(
            last_seq + 1, f"the chain ends at entry {last_seq} but {head_seq} were written"
        )
    return None
