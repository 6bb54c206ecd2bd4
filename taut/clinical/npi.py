"""The US National Provider Identifier: ten digits, the last a Luhn check digit computed over
the nine before it prefixed with 80840 (the card issuer prefix for health).

source: CMS, "Requirements for National Provider Identifier (NPI) and NPI Enumerator" /
"NPI check digit" (the NPI standard, 45 CFR 162.406): the check digit is the Luhn
(ISO/IEC 7812) formula over "80840" and the first nine digits; 1234567893 is CMS's example.
"""

PREFIX = "80840"


def luhn_check_digit(digits: str) -> int:
    """The Luhn digit to append to `digits`."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:  # every second digit from the right, starting with the rightmost
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return (10 - total % 10) % 10


def is_valid_npi(npi: str) -> bool:
    """Ten digits whose last is the check digit of the first nine."""
    if len(npi) != 10 or not npi.isascii() or not npi.isdigit():
        return False
    return luhn_check_digit(PREFIX + npi[:9]) == int(npi[9])
