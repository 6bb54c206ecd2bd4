"""The front desk's day sheet: today's visits sorted into who is due, who is here, who came,
and who did not."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from taut.patients.models import full_name
from taut.scheduling.models import Appointment, Status


@dataclass(frozen=True, slots=True)
class Visit:
    """One row of the day sheet, read as plain values: six clinicians' day is sixty-odd
    appointments, and building each with its patient, clinician and type as models was much
    of the page (issue 18)."""

    pk: int
    starts_at: datetime
    ends_at: datetime
    status: str
    arrived_at: datetime | None
    cancel_reason: str
    patient_uuid: UUID
    patient_name: str
    patient_phone: str
    clinician: str  # the clinician's display name
    type: str  # the appointment type's name
    session_id: int | None  # the treatment session the visit was recorded in, if any


FIELDS = (
    "pk", "starts_at", "ends_at", "status", "arrived_at", "cancel_reason", "patient__uuid",
    "patient__given_name", "patient__family_name", "patient__phone", "clinician_id",
    "type__name", "session",
)  # fmt: skip


def visits(appointments, clinicians) -> list[Visit]:
    """`appointments` (a queryset) as day sheet rows; `clinicians` are theirs (the ones
    shown), whose names the rows carry. One query."""
    names = {c.pk: c.display_name for c in clinicians}
    return [
        Visit(pk, starts_at, ends_at, status, arrived_at, cancel_reason, uuid,
              full_name(given, family), phone, names[clinician], type_name, session)
        for (pk, starts_at, ends_at, status, arrived_at, cancel_reason, uuid, given, family,
             phone, clinician, type_name, session) in appointments.values_list(*FIELDS)
    ]  # fmt: skip


@dataclass
class DaySheet:
    due: list[Visit] = field(default_factory=list)  # booked, not arrived yet
    here: list[Visit] = field(default_factory=list)  # checked in, not yet seen
    seen: list[Visit] = field(default_factory=list)  # attended
    no_shows: list[Visit] = field(default_factory=list)
    cancelled: list[Visit] = field(default_factory=list)
    # What is still to bill or pay per appointment (see `unpaid`); None when the person may
    # not see billing, and the page then shows no "unpaid" column at all.
    unpaid: dict[int, str] | None = None

    @property
    def count(self) -> int:
        return len(self.due) + len(self.here) + len(self.seen) + len(self.no_shows)


def sort(appointments: Iterable[Visit | Appointment]) -> DaySheet:
    sheet = DaySheet()
    for a in sorted(appointments, key=lambda a: (a.starts_at, a.pk)):
        if a.status == Status.CANCELLED:
            sheet.cancelled.append(a)
        elif a.status == Status.ATTENDED:
            sheet.seen.append(a)
        elif a.status == Status.NO_SHOW:
            sheet.no_shows.append(a)
        elif a.arrived_at is not None:
            sheet.here.append(a)
        else:
            sheet.due.append(a)
    return sheet


def unpaid(visits: list[Visit], clinic) -> dict[int, str]:
    """What is still to bill or pay for each of these visits of `clinic`, by appointment id:
    "not invoiced", "draft" or the balance due, from the visit's session and its invoice
    (taut.invoices.reports.to_bill, a query or a few for just these visits). A visit with no
    session yet, or paid in full, has no entry."""
    from taut.invoices.money import money
    from taut.invoices.reports import to_bill
    from taut.invoices.setup import settings_for

    visit_of = {v.session_id: v.pk for v in visits if v.session_id is not None}
    out = {}
    for session, (_, state, owed) in to_bill(visit_of).items():
        if state == "balance due":
            # the currency only when there is money to show: the settings are a query
            currency = settings_for(clinic).currency
            out[visit_of[session]] = f"{money(owed, currency, clinic.country)} due"
        else:
            out[visit_of[session]] = state
    return out
