from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from taut.clinical.units import UnitRule
from taut.clinics.models import Clinic, ClinicRecord
from taut.clinics.roles import Capability
from taut.clinics.versions import Versioned

MONEY = {"max_digits": 12, "decimal_places": 3}  # three places: BHD, KWD have mils
NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


class BillingSettings(Versioned, models.Model):
    """How a clinic bills: its currency, unit rule, modifiers and tax. One per clinic."""

    clinic = models.OneToOneField(Clinic, on_delete=models.CASCADE, related_name="billing")
    currency = models.CharField(max_length=3, default="USD")  # ISO 4217, checked by the form
    unit_rule = models.CharField(
        max_length=3,
        choices=[(UnitRule.CMS.value, "CMS 8-minute rule (Medicare and payers that follow it)"),
                 (UnitRule.AMA.value, "AMA rule (each timed code on its own minutes)")],
        default=UnitRule.CMS.value,
    )  # fmt: skip
    gp_modifier = models.BooleanField(
        "add GP to physical therapy codes", default=True,
        help_text="Medicare wants GP on services under a physical therapy plan of care.",
    )  # fmt: skip
    x_modifiers = models.BooleanField(
        "use XS rather than 59 for a separate site", default=True,
        help_text="Medicare takes XS; use 59 for a payer that does not.",
    )  # fmt: skip
    tax_label = models.CharField(max_length=20, blank=True, help_text="e.g. VAT, GST; blank: none")
    tax_rate = models.DecimalField(
        "tax rate (%)", max_digits=5, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )  # fmt: skip
    tax_number = models.CharField("tax or VAT number", max_length=40, blank=True)
    billing_npi = models.CharField("organisation NPI", max_length=10, blank=True)
    tax_id = models.CharField("employer identification number (EIN)", max_length=20, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Billing of {self.clinic}"


class InvoiceSequence(models.Model):
    """The last invoice and credit note numbers a clinic issued: bumped in the transaction that
    issues, so a number is never skipped nor given twice. Credit notes count on their own."""

    clinic = models.OneToOneField(Clinic, on_delete=models.CASCADE, related_name="+")
    last_number = models.PositiveIntegerField(default=0)
    last_credit_note = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.clinic_id}: {self.last_number}"


class ServiceKind(models.TextChoices):
    CPT = "cpt", "CPT"
    HCPCS = "hcpcs", "HCPCS Level II"
    OWN = "own", "Clinic's own code"


class Service(Versioned, models.Model):
    """One entry of a clinic's fee schedule: a code, its description in our own words, its
    fee per unit, and whether it is billed by 15-minute units."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="services")
    code = models.CharField(max_length=10)
    kind = models.CharField(max_length=5, choices=ServiceKind.choices, default=ServiceKind.CPT)
    description = models.CharField(max_length=120)
    fee = models.DecimalField("fee per unit", validators=NOT_NEGATIVE, **MONEY)
    timed = models.BooleanField("billed per 15 minutes", default=False)
    therapy = models.BooleanField("physical therapy service (takes GP)", default=False)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["clinic", "code"], name="one_fee_per_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


class ClinicianBilling(Versioned):
    """A clinician's identity on claims at one clinic: the individual NPI."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    npi = models.CharField("NPI", max_length=10)
    credentials = models.CharField(max_length=40, blank=True, help_text="e.g. PT, DPT")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "clinician"], name="one_npi_per_clinician")
        ]

    def __str__(self) -> str:
        return f"NPI {self.npi}"


class Relationship(models.TextChoices):
    SELF = "self", "Self"
    SPOUSE = "spouse", "Spouse"
    CHILD = "child", "Child"
    OTHER = "other", "Other"


class Coverage(Versioned, ClinicRecord):
    """A patient's insurance: who pays, and the policy's numbers as on the card."""

    read_capability = Capability.SEE_BILLING

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    payer_name = models.CharField(max_length=120)
    payer_id = models.CharField("payer ID", max_length=20, blank=True)
    member_id = models.CharField("member or policy number", max_length=40)
    group_number = models.CharField(max_length=40, blank=True)
    subscriber_name = models.CharField(
        max_length=120, blank=True, help_text="Blank when the patient is the subscriber."
    )
    relationship = models.CharField(
        "patient's relationship to the subscriber", max_length=10,
        choices=Relationship.choices, default=Relationship.SELF,
    )  # fmt: skip
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_active", "-updated_at"]

    def __str__(self) -> str:
        return f"{self.payer_name} {self.member_id}"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"
    VOID = "void", "Void"


class Invoice(Versioned, ClinicRecord):
    """A bill for one visit: drafted from the session, edited, issued with the clinic's next
    number, then only paid or voided (never deleted)."""

    read_capability = Capability.SEE_BILLING

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        "treatment.TreatmentSession", null=True, blank=True, on_delete=models.PROTECT,
        related_name="invoices",
    )  # fmt: skip
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.DRAFT)
    number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    service_date = models.DateField()
    currency = models.CharField(max_length=3)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    rendering_npi = models.CharField(max_length=10, blank=True)
    diagnoses = models.JSONField(default=list, blank=True)  # ICD-10-CM codes at the visit
    coverage = models.ForeignKey(
        Coverage, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tax_label = models.CharField(max_length=20, blank=True)
    tax_rate = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    subtotal = models.DecimalField(default=Decimal("0"), **MONEY)
    tax = models.DecimalField(default=Decimal("0"), **MONEY)
    total = models.DecimalField(default=Decimal("0"), **MONEY)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=200, blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    # What is still owed on the invoice while it is issued (0 on a draft or a void one), as
    # taut.invoices.payments.balance works it out from its payments, refunds and credit notes;
    # stored again by each of those as it is written, under the invoice's lock. The clinic's
    # outstanding total is then a sum over its unpaid invoices, not three sums for each of
    # its million (2.3 s at the 1M-session bench, issue 18).
    balance = models.DecimalField(default=Decimal("0"), editable=False, **MONEY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The billing page's latest invoices: read by key in this order, not sorted from all.
            models.Index(fields=["clinic", "created_at", "id"], name="invoice_clinic_recent"),
            # A period's invoices (the report), and those with money still owed, summed from
            # the index alone (weeks of an insurer's invoices at a large clinic).
            models.Index(fields=["clinic", "issued_at"], name="invoice_clinic_issued"),
            models.Index(
                fields=["clinic", "balance"],
                name="invoice_balance_due",
                condition=models.Q(status="issued", balance__gt=0),
            ),  # fmt: skip
        ]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "number"], name="one_invoice_per_number"),
            models.UniqueConstraint(
                fields=["session"],
                condition=~models.Q(status="void"),
                name="one_live_invoice_per_session",
            ),  # fmt: skip
            models.CheckConstraint(
                condition=models.Q(status="draft", number__isnull=True)
                | (~models.Q(status="draft") & models.Q(number__isnull=False)),
                name="issued_invoices_are_numbered",
            ),
        ]

    def __str__(self) -> str:
        return f"Invoice {self.number}" if self.number else "Draft invoice"

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT


class InvoiceLine(models.Model):
    """One billed service: code, modifiers, units and price, frozen once issued."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    code = models.CharField(max_length=10)
    description = models.CharField(max_length=120)
    modifiers = models.CharField(max_length=20, blank=True)  # space separated: "XS GP"
    region = models.CharField(max_length=20, blank=True)  # knowledge base muscle group
    timed = models.BooleanField(default=False)
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    units = models.PositiveSmallIntegerField(default=1)
    unit_price = models.DecimalField(validators=NOT_NEGATIVE, **MONEY)
    amount = models.DecimalField(default=Decimal("0"), **MONEY)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.modifiers} x{self.units}".strip()


class Method(models.TextChoices):
    CASH = "cash", "Cash"
    CARD = "card", "Card"
    INSURER = "insurer", "Insurer"
    TRANSFER = "transfer", "Bank transfer"
    CHEQUE = "cheque", "Cheque"


class Payment(ClinicRecord):
    """Money received against an issued invoice. Never edited or deleted."""

    read_capability = Capability.SEE_BILLING

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(validators=[MinValueValidator(Decimal("0.001"))], **MONEY)
    method = models.CharField(max_length=10, choices=Method.choices)
    reference = models.CharField(
        max_length=80, blank=True, help_text="Card slip or terminal reference, cheque or claim"
    )
    received_on = models.DateField(default=timezone.localdate)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["received_on", "pk"]
        indexes = [models.Index(fields=["clinic", "received_on"], name="payment_clinic_day")]

    def __str__(self) -> str:
        return f"Payment {self.pk} of {self.amount}"


class Refund(ClinicRecord):
    """Money given back on one payment, all of it or a part: never more than is left of that
    payment. Never edited or deleted; a refund in error is put right by a new payment."""

    read_capability = Capability.SEE_BILLING

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="refunds")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(validators=[MinValueValidator(Decimal("0.001"))], **MONEY)
    method = models.CharField(max_length=10, choices=Method.choices)
    reference = models.CharField(max_length=80, blank=True)
    reason = models.CharField(max_length=200)
    refunded_on = models.DateField(default=timezone.localdate)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["refunded_on", "pk"]
        indexes = [models.Index(fields=["clinic", "refunded_on"], name="refund_clinic_day")]

    def __str__(self) -> str:
        return f"Refund {self.pk} of {self.amount}"


class CreditNote(ClinicRecord):
    """A reduction of what an issued invoice asks, numbered in the clinic's own credit note
    sequence (CN-1, CN-2...) and never deleted: the invoice stands, the credit lowers its
    balance."""

    read_capability = Capability.SEE_BILLING

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="credit_notes")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(editable=False)
    amount = models.DecimalField(validators=[MinValueValidator(Decimal("0.001"))], **MONEY)
    reason = models.CharField(max_length=200)
    issued_on = models.DateField(default=timezone.localdate)
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        indexes = [models.Index(fields=["clinic", "issued_on"], name="credit_note_clinic_day")]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "number"], name="one_credit_note_per_number")
        ]

    def __str__(self) -> str:
        return f"Credit note CN-{self.number}"
