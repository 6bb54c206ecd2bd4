"""{{ amount|money:invoice }}: an amount in the invoice's currency, written the clinic's way;
{{ amount|money:billing }} the same in the clinic's currency (its billing settings)."""

from django import template

from taut.invoices import money as m

register = template.Library()


@register.filter
def money(amount, invoice) -> str:
    return m.money(amount, invoice.currency, invoice.clinic.country)
