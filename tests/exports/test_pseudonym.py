"""Pseudonyms, ages and day numbers (plain Python)."""

import re
import uuid
from datetime import date

from taut.exports import pseudonym

SECRET = "a deployment's secret key"


def test_a_pseudonym_is_stable_and_keyed_by_clinic():
    patient = uuid.uuid4()
    north, south = pseudonym.clinic_key(SECRET, 1), pseudonym.clinic_key(SECRET, 2)
    assert pseudonym.pseudonym(north, "P", patient) == pseudonym.pseudonym(north, "P", patient)
    assert pseudonym.pseudonym(north, "P", patient) != pseudonym.pseudonym(south, "P", patient)
    assert pseudonym.clinic_key(SECRET, 1) != pseudonym.clinic_key("another secret", 1)
    assert re.fullmatch(r"P-[0-9a-f]{12}", pseudonym.pseudonym(north, "P", patient))


def test_patients_and_staff_with_the_same_id_get_different_codes():
    key = pseudonym.clinic_key(SECRET, 1)
    assert pseudonym.pseudonym(key, "E", 7)[2:] != pseudonym.pseudonym(key, "S", 7)[2:]


def test_a_thousand_patients_get_a_thousand_pseudonyms():
    key = pseudonym.clinic_key(SECRET, 1)
    assert len({pseudonym.pseudonym(key, "P", uuid.uuid4()) for _ in range(1000)}) == 1000


def test_age_counts_whole_years_and_the_birthday_itself():
    born = date(1980, 5, 17)
    assert pseudonym.age_in_years(born, date(2026, 5, 16)) == 45
    assert pseudonym.age_in_years(born, date(2026, 5, 17)) == 46
    assert pseudonym.age_in_years(date(2000, 2, 29), date(2026, 2, 28)) == 25
    assert pseudonym.age_in_years(date(2000, 2, 29), date(2026, 3, 1)) == 26


def test_ages_over_89_are_one_group():
    # 45 CFR 164.514(b)(2)(i)(C): ages over 89 aggregated into a single category of 90 or older.
    assert [pseudonym.safe_harbor_age(a) for a in (0, 45, 89, 90, 104)] == [
        "0", "45", "89", "90+", "90+"
    ]  # fmt: skip


def test_days_count_from_the_episode_start():
    start = date(2026, 3, 2)
    assert pseudonym.day_of_episode(start, start) == 0
    assert pseudonym.day_of_episode(date(2026, 3, 30), start) == 28
    assert pseudonym.day_of_episode(date(2026, 3, 1), start) == -1
