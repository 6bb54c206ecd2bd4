"""NPI check digit (Luhn over 80840 and the first nine digits), against CMS's example."""

import pytest

from taut.clinical.npi import is_valid_npi, luhn_check_digit


def test_cms_example_1234567893_is_valid():
    assert luhn_check_digit("80840123456789") == 3
    assert is_valid_npi("1234567893")


FULL_WIDTH = "\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19\uff13"


@pytest.mark.parametrize("npi", ["1234567890", "1234567894", "123456789", "12345678930",
                                 "12345678 3", "abcdefghij", FULL_WIDTH, ""])  # fmt: skip
def test_anything_else_is_refused(npi):
    assert not is_valid_npi(npi)


def test_every_single_digit_change_is_caught():
    for i in range(10):
        for d in "0123456789":
            changed = "1234567893"[:i] + d + "1234567893"[i + 1 :]
            assert is_valid_npi(changed) == (changed == "1234567893")
