"""`{{ number|phone }}`: an E.164 number as people read it (+1 202-555-0199). A builtin."""

import phonenumbers
from django import template

from taut.patients.phones import display_phone

register = template.Library()


@register.filter
def phone(value: str) -> str:
    try:
        return display_phone(value)
    except phonenumbers.NumberParseException:
        return value  # stored before validation existed: show it as it is
