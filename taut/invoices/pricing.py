"""An invoice's units, modifiers and amounts, worked out from its lines and the clinic's
billing settings. Plain rules in taut.clinical; this applies them to the rows."""

from dataclasses import dataclass
from decimal import Decimal

from taut.clinical.modifiers import Line, advise
from taut.clinical.units import UnitRule, timed_units
from taut.invoices.money import ZERO, parts_of, rounded


@dataclass
class Priced:
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    warnings: tuple[str, ...]


def price(invoice, lines, billing) -> Priced:
    """Set each line's units (timed lines), modifiers and amount; return the totals. Does not
    save: the caller saves the lines it changed."""
    timed = {line.pk: line.minutes or 0 for line in lines if line.timed}
    units = timed_units({str(k): m for k, m in timed.items()}, UnitRule(billing.unit_rule))
    advice = advise(
        [Line(x.code, frozenset(x.region.split()) if x.region else frozenset()) for x in lines],
        gp=billing.gp_modifier,
        use_x_modifiers=billing.x_modifiers,
    )
    warnings = list(advice.warnings)
    subtotal = ZERO
    for line in lines:
        if line.timed:
            line.units = units[str(line.pk)]
            if line.minutes is None:
                warnings.append(f"{line.code}: enter the minutes spent.")
            elif line.units == 0:
                warnings.append(f"{line.code}: {line.minutes} minutes earn no unit; remove it.")
        line.modifiers = " ".join(advice.modifiers.get(line.code, ()))
        line.amount = rounded(line.unit_price * line.units, invoice.currency)
        subtotal += line.amount
    tax = parts_of(subtotal, invoice.tax_rate, invoice.currency) if invoice.tax_label else ZERO
    return Priced(subtotal, tax, subtotal + tax, tuple(dict.fromkeys(warnings)))


def reprice(invoice, billing) -> Priced:
    """Price a draft's lines and store the results on the lines and the invoice."""
    lines = list(invoice.lines.all())
    priced = price(invoice, lines, billing)
    for line in lines:
        line.save(update_fields=["units", "modifiers", "amount"])
    invoice.subtotal, invoice.tax, invoice.total = priced.subtotal, priced.tax, priced.total
    invoice.save(update_fields=["subtotal", "tax", "total"])
    return priced
