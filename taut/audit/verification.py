"""Checking the stored chains against their hashes, one chain at a time."""

from dataclasses import dataclass

from taut.audit.chain import GENESIS, LEGACY, NO_CLINIC, Break, verify
from taut.audit.models import AuditEntry, ChainHead
from taut.clinics.models import Clinic


@dataclass(frozen=True)
class ChainReport:
    chain: str
    label: str  # the chain's name with its clinic's, for people
    entries: int  # entries read
    head_seq: int
    head_hash: str
    problem: Break | None

    def describe(self) -> str:
        if self.problem is None:
            return f"{self.label}: intact, {self.entries} entries, head {self.head_hash}"
        return (
            f"{self.label}: broken at entry {self.problem.seq}: {self.problem.reason} "
            f"({self.entries} entries read)"
        )


def chain_label(chain: str) -> str:
    """How a person reads a chain's name: the clinic's name where there still is one."""
    clinic_id = chain.removeprefix("clinic-")
    if chain in (LEGACY, NO_CLINIC) or not clinic_id.isdigit():
        return chain
    clinic = Clinic.objects.filter(pk=int(clinic_id)).first()
    return f"{chain} ({clinic.name})" if clinic else chain


def verify_chain(chain: str, head: ChainHead | None) -> ChainReport:
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    read = 0

    def entries():
        nonlocal read
        for entry in AuditEntry.objects.filter(chain=chain).order_by("seq").iterator(2000):
            read += 1
            yield dict(entry.content(), hash=entry.hash)

    problem = verify(entries(), head_seq, head_hash, chain)
    return ChainReport(chain, chain_label(chain), read, head_seq, head_hash, problem)


def verify_stored() -> list[ChainReport]:
    """A report for every chain that has a head or an entry, in name order.

    A chain whose head row is gone still has its entries checked (against an empty head, so
    it is reported broken), and a head whose entries are all gone is reported cut short.
    """
    heads = {head.chain: head for head in ChainHead.objects.all()}
    stored = AuditEntry.objects.order_by().values_list("chain", flat=True).distinct()
    chains = set(heads) | set(stored)
    return [verify_chain(chain, heads.get(chain)) for chain in sorted(chains)]
