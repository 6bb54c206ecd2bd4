"""A draft invoice from what a session recorded: the dry needling code for the muscles
needled, manual therapy when soft tissue work was done, therapeutic exercise when exercises
were taught; the diagnoses in force at the visit; the patient's payer; the clinician's NPI."""

from django.db import transaction
from django.utils import timezone

from taut.clinical.services import EXERCISE, MANUAL_THERAPY
from taut.invoices.models import ClinicianBilling, Coverage, Invoice, InvoiceLine, Service
from taut.invoices.pricing import reprice
from taut.invoices.setup import settings_for
from taut.kb.catalog import catalog
from taut.treatment import rules


def session_codes(session) -> list[tuple[str, str]]:
    """(code, region) the session recorded, in claim order: needling, manual, exercise.
    The needling line's region names the muscle groups needled."""
    codes = []
    needling = session.cpt_code()
    if needling:
        kb = catalog()
        groups = sorted({kb.muscle(n.muscle).group for n in session.needlings.all()})
        codes.append((needling, " ".join(groups)))
    if session.soft_tissue:
        codes.append((MANUAL_THERAPY, ""))  # where it was done is not recorded: asked for
    if session.exercises.strip():
        codes.append((EXERCISE, ""))
    return codes


def line_for(service: Service, region: str = "") -> InvoiceLine:
    return InvoiceLine(
        code=service.code, description=service.description, timed=service.timed,
        region=region, unit_price=service.fee, units=0 if service.timed else 1,
    )  # fmt: skip


def draft_from_session(session, user) -> tuple[Invoice, list[str]]:
    """A new draft for `session`; also the codes it recorded that the fee schedule lacks."""
    clinic = session.clinic
    billing = settings_for(clinic)
    codes = session_codes(session)
    fees = {s.code: s for s in Service.objects.filter(clinic=clinic, is_active=True)}
    npi = ClinicianBilling.objects.filter(clinic=clinic, clinician=session.clinician).first()
    coverage = Coverage.objects.filter(clinic=clinic, patient=session.patient, is_active=True)
    [diagnoses] = rules.diagnoses_in_force([session]).values()
    with transaction.atomic():
        invoice = Invoice.objects.create(
            clinic=clinic, patient=session.patient, session=session,
            service_date=timezone.localtime(session.performed_at).date(),
            currency=billing.currency, clinician=session.clinician,
            rendering_npi=npi.npi if npi else "", diagnoses=diagnoses,
            coverage=coverage.first(), tax_label=billing.tax_label, tax_rate=billing.tax_rate,
            created_by=user,
        )  # fmt: skip
        lines = [line_for(fees[code], region) for code, region in codes if code in fees]
        for line in lines:
            line.invoice = invoice
        InvoiceLine.objects.bulk_create(lines)
        reprice(invoice, billing)
    return invoice, [code for code, _ in codes if code not in fees]
