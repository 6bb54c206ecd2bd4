"""Phone numbers: parsed with the `phonenumbers` library, stored in E.164 form."""

from functools import lru_cache

import phonenumbers
from django.core.exceptions import ValidationError


def normalise_phone(text: str, country: str) -> str:
    """E.164 form of `text`, read as a number in `country` unless it has a country code."""
    try:
        number = phonenumbers.parse(text, country)
    except phonenumbers.NumberParseException:
        raise ValidationError("Enter a phone number, for example +1 202 555 0123.") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError("This is not a valid phone number.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# Engineering choice: parsing a number takes about 0.1 ms, and a day sheet shows sixty of them
# on every reload (issue 18); the same numbers come back all day, and a few thousand strings
# are a few hundred kilobytes.
@lru_cache(maxsize=4096)
def display_phone(e164: str) -> str:
    if not e164:
        return ""
    number = phonenumbers.parse(e164, None)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
