"""Money as Decimal amounts in one ISO 4217 currency per clinic, rounded to the currency's
minor unit and written the way the clinic's country writes it. Currency data (minor units,
symbols, which currencies are in use) comes from CLDR through Babel."""

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, get_currency_name, get_territory_currencies

ZERO = Decimal("0")


@lru_cache(maxsize=1)
def currencies() -> tuple[str, ...]:
    """ISO 4217 codes in use today in some country (no historical or test codes)."""
    codes = set()
    for territory in Locale("en").territories:
        codes.update(get_territory_currencies(territory))
    return tuple(sorted(codes))


def currency_choices() -> list[tuple[str, str]]:
    return [(c, f"{c} {get_currency_name(c, locale='en')}") for c in currencies()]


def default_currency(country: str) -> str:
    """The currency of a country today (US: USD, DE: EUR), USD if unknown."""
    found = get_territory_currencies(country.upper()) if country else []
    return found[0] if found else "USD"


def minor_digits(currency: str) -> int:
    from babel.numbers import get_currency_precision

    return get_currency_precision(currency)


def rounded(amount: Decimal, currency: str) -> Decimal:
    """`amount` to the currency's minor unit, halves away from zero (as tills do)."""
    return amount.quantize(Decimal(1).scaleb(-minor_digits(currency)), rounding=ROUND_HALF_UP)


def parts_of(amount: Decimal, rate_percent: Decimal, currency: str) -> Decimal:
    """`rate_percent` % of `amount`, rounded: the tax on a subtotal."""
    return rounded(amount * rate_percent / Decimal(100), currency)


@lru_cache(maxsize=64)
def _locale(country: str) -> Locale:
    """The country's English locale, parsed once: parsing it took two thirds of each amount's
    formatting, and a page of invoices writes a hundred amounts."""
    try:
        return Locale.parse(f"en_{country.upper()}")
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def money(amount: Decimal | None, currency: str, country: str = "US") -> str:
    """'$1,234.50', '€1,234.50', '¥1,234': for pages, receipts and PDFs."""
    if amount is None:
        return ""
    return _written(str(amount), currency, country)


@lru_cache(maxsize=4096)
def _written(amount: str, currency: str, country: str) -> str:
    """An amount (as its exact text, so 60 and 60.00 or 0 and -0 are each their own) written
    once: Babel took about 35 microseconds an amount, and the billing page's fifty latest
    invoices write a hundred, mostly the same few fees (issue 18)."""
    return format_currency(rounded(Decimal(amount), currency), currency, locale=_locale(country))
