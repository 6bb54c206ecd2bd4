"""The hash chain rule on plain data, without a database."""

from taut.audit.chain import GENESIS, LEGACY, NO_CLINIC, chain_for, entry_hash, verify


def chain(n: int) -> list[dict]:
    entries, prev = [], GENESIS
    for seq in range(1, n + 1):
        entry = {
            "seq": seq, "at": f"2026-01-01T00:00:0{seq}+00:00", "user_id": 1, "username": "a",
            "clinic_id": 1, "action": "view", "object_type": "patients.patient",
            "object_id": str(seq), "patient_id": seq, "ip": "127.0.0.1", "detail": {},
            "prev_hash": prev,
        }  # fmt: skip
        entry["hash"] = prev = entry_hash(entry)
        entries.append(entry)
    return entries


def test_an_untouched_chain_verifies():
    entries = chain(5)
    assert verify(entries, 5, entries[-1]["hash"]) is None


def test_an_empty_chain_verifies():
    assert verify([], 0, GENESIS) is None


def test_a_changed_entry_is_named():
    entries = chain(5)
    entries[2]["object_id"] = "999"
    problem = verify(entries, 5, entries[-1]["hash"])
    assert problem.seq == 3 and "changed" in problem.reason


def test_a_removed_middle_entry_is_named():
    entries = chain(5)
    del entries[1]
    assert verify(entries, 5, entries[-1]["hash"]).seq == 2


def test_a_removed_last_entry_is_caught_by_the_head():
    entries = chain(5)
    head = entries[-1]["hash"]
    assert verify(entries[:-1], 5, head).seq == 5


def test_a_rehashed_entry_breaks_the_next_link():
    entries = chain(4)
    entries[1]["detail"] = {"forged": True}
    entries[1]["hash"] = entry_hash(entries[1])
    assert verify(entries, 4, entries[-1]["hash"]).seq == 3


def test_an_entry_of_another_clinic_does_not_belong_in_a_clinics_chain():
    entries = chain(3)  # every entry of clinic 1
    assert verify(entries, 3, entries[-1]["hash"], chain_for(1)) is None
    problem = verify(entries, 3, entries[-1]["hash"], chain_for(2))
    assert problem.seq == 1 and "another chain" in problem.reason


def test_the_legacy_chain_holds_every_clinics_entries():
    entries = chain(3)
    assert verify(entries, 3, entries[-1]["hash"], LEGACY) is None


def test_entries_of_no_clinic_have_a_chain_of_their_own():
    assert chain_for(None) == NO_CLINIC and chain_for(7) == "clinic-7"
