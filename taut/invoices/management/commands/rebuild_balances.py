from django.core.management.base import BaseCommand, CommandError

from taut.clinics.models import Clinic
from taut.invoices.models import Invoice
from taut.invoices.payments import store_balances_again, wrong_balances


class Command(BaseCommand):
    help = (
        "Check each invoice's stored balance against its payments, refunds and credit notes, "
        "and store again those that differ (each under its lock, as a payment does). Run it "
        "after an upgrade during which a process of an earlier version took payments. Every "
        "clinic, or --clinic SLUG; --check only counts them, and fails if any differ."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clinic", help="only this clinic (its slug)")
        parser.add_argument("--check", action="store_true", help="count, change nothing")

    def handle(self, *args, clinic=None, check=False, **options):
        clinics = Clinic.objects.order_by("pk")
        if clinic is not None:
            clinics = clinics.filter(slug=clinic)
            if not clinics.exists():
                raise CommandError(f"No clinic with the slug {clinic!r}.")
        wrong = 0
        for each in clinics:
            invoices = Invoice.objects.filter(clinic=each)
            if check:
                found = wrong_balances(invoices).count()
                wrong += found
                self.stdout.write(f"{each.slug}: {found} stored balances differ")
            else:
                stored = store_balances_again(invoices)
                self.stdout.write(f"{each.slug}: {stored} stored balances put right")
        if wrong:
            raise CommandError(f"{wrong} stored balances differ: run without --check.")
