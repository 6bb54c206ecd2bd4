"""Signed checkpoints of the chains' heads, kept outside the database.

A chain shows an entry changed or removed in the middle, but someone who can write to the
database can cut a chain short (or wipe it) and rewind its head row to match. A checkpoint
written on a schedule to a file on another disk or machine records each chain's (chain, seq,
hash), signed with HMAC-SHA256 under a key the database does not hold; `taut audit verify
--checkpoint FILE` then finds each checkpointed entry still in its chain, unchanged.

Lines written while there was one chain for everyone have no chain: they are of the
`legacy` chain, and their signature covers (seq, hash, at) only, as it did then.
"""

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from taut.audit.chain import LEGACY


class CheckpointError(Exception):
    """A checkpoint file that cannot be trusted: unreadable, or a signature that does not fit."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str  # when the checkpoint was taken, ISO 8601
    chain: str = LEGACY

    def fields(self) -> dict:
        fields = asdict(self)
        if self.chain == LEGACY:
            del fields["chain"]  # as the lines written before there were chains
        return fields

    def mac(self, key: str) -> str:
        payload = json.dumps(self.fields(), sort_keys=True, separators=(",", ":"))
        return hmac.new(key.encode(), payload.encode(), hashlib.sha256).hexdigest()

    def line(self, key: str) -> str:
        return json.dumps({**self.fields(), "mac": self.mac(key)}, sort_keys=True)


def append(path: Path, checkpoint: Checkpoint, key: str) -> None:
    """Add one signed line; the file keeps every checkpoint taken."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(checkpoint.line(key) + "\n")


def read(path: Path, key: str) -> list[Checkpoint]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise CheckpointError(f"cannot read {path}: {error.strerror}") from error
    found = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            fields = json.loads(text)
            mac = fields.pop("mac")
            checkpoint = Checkpoint(
                int(fields["seq"]),
                str(fields["hash"]),
                str(fields["at"]),
                str(fields.get("chain", LEGACY)),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise CheckpointError(f"{path} line {number} is not a checkpoint") from error
        if not hmac.compare_digest(str(mac), checkpoint.mac(key)):
            raise CheckpointError(f"{path} line {number}: the signature does not fit")
        found.append(checkpoint)
    return found


def check(
    checkpoints: Iterable[Checkpoint], stored_hash: Callable[[str, int], str | None]
) -> str | None:
    """The first checkpoint the stored trail no longer fits, described; None when all fit.

    `stored_hash(chain, seq)` is the stored hash of that entry, or None when there is none.
    """
    for checkpoint in checkpoints:
        if checkpoint.seq == 0:
            continue
        stored = stored_hash(checkpoint.chain, checkpoint.seq)
        where = f"entry {checkpoint.seq} of chain {checkpoint.chain}"
        if stored is None:
            return (
                f"{where}, checkpointed at {checkpoint.at}, is gone: "
                "the chain was cut short or wiped"
            )
        if stored != checkpoint.hash:
            return (
                f"{where} differs from the checkpoint taken at {checkpoint.at}: "
                "the chain was rewritten"
            )
    return None
