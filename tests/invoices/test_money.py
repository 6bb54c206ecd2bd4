"""Amounts written the clinic's way (taut.invoices.money.money), the same however often and in
whatever order they are asked for: each is written once and kept."""

from decimal import Decimal

from babel import Locale
from babel.numbers import format_currency
from django.test import SimpleTestCase

from taut.invoices.money import money, rounded


def by_babel(amount: str, currency: str, country: str) -> str:
    """The definition: Babel formatting the rounded amount in the country's English locale."""
    return format_currency(
        rounded(Decimal(amount), currency), currency, locale=Locale.parse(f"en_{country}")
    )


CASES = [
    ("1234.5", "USD", "US"), ("1234.505", "USD", "US"), ("60", "USD", "US"),
    ("60.00", "USD", "US"), ("0", "USD", "US"), ("-0.00", "USD", "US"), ("-12.3", "EUR", "DE"),
    ("1234", "JPY", "JP"), ("99.995", "GBP", "GB"), ("0.001", "CHF", "CH"),
]  # fmt: skip


class MoneyTests(SimpleTestCase):
    def test_each_amount_as_babel_writes_it(self):
        self.assertEqual(money(Decimal("1234.5"), "USD", "US"), "$1,234.50")
        for amount, currency, country in CASES:
            expected = by_babel(amount, currency, country)
            self.assertEqual(money(Decimal(amount), currency, country), expected)

    def test_asked_again_in_any_order_the_same(self):
        first = [money(Decimal(a), c, k) for a, c, k in CASES]
        again = [money(Decimal(a), c, k) for a, c, k in reversed(CASES)][::-1]
        self.assertEqual(first, again)

    def test_no_amount_is_blank(self):
        self.assertEqual(money(None, "USD"), "")
