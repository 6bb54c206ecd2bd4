"""The day sheet's rows as HTML, written here rather than in the template.

Six clinicians' day is sixty-odd rows of links, phone numbers and up to four small forms each;
the template language spent most of the page's time on them (issue 18), where these fixed
patterns take a millisecond or two. Every value is escaped; the template keeps the frame (the
sections, their headings and the table heads) and places each section's rows.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from taut.links import UUID, Link
from taut.patients.templatetags.phones import phone as shown_phone
from taut.scheduling.daysheet import Visit

KINDS = ("due", "here", "seen", "no_show", "cancelled")


@dataclass
class Page:
    """What every row of one day sheet shares."""

    is_today: bool
    now: object  # aware datetime
    startable_until: object  # aware datetime
    write_clinical: bool
    next: str  # this page's path and query, where the row's forms return
    csrf_token: str
    unpaid: dict[int, str] | None


def sections(sheet, page: Page) -> dict[str, SafeString]:
    """Each section's rows by kind ("due", "here", ...), as the template's `_day_rows` shows."""
    links = {
        "detail": Link("schedule:detail"), "patient": Link("patients:detail", UUID),
        "check_in": Link("schedule:check_in"), "attendance": Link("schedule:attendance"),
        "start_visit": Link("schedule:start_visit"),
    }  # fmt: skip
    lists = {
        "due": sheet.due, "here": sheet.here, "seen": sheet.seen,
        "no_show": sheet.no_shows, "cancelled": sheet.cancelled,
    }  # fmt: skip
    return {
        kind: mark_safe("\n".join(row(a, kind, page, links) for a in lists[kind])) for kind in KINDS
    }


def row(a: Visit, kind: str, page: Page, links: dict) -> str:
    starts, ends = timezone.localtime(a.starts_at), timezone.localtime(a.ends_at)
    name = escape(a.patient_name)
    when = f'<time datetime="{starts.isoformat()}">{starts:%H:%M}–{ends:%H:%M}</time>'
    arrived = (
        f'<br><span class="muted small">here since {timezone.localtime(a.arrived_at):%H:%M}</span>'
        if kind == "here"
        else ""
    )
    phone = (
        f'<br><a class="small" href="tel:{escape(a.patient_phone)}">'
        f"{escape(shown_phone(a.patient_phone))}</a>"
        if a.patient_phone
        else ""
    )
    cancelled = (
        f'<br><span class="muted small">{escape(a.cancel_reason)}</span>'
        if kind == "cancelled"
        else ""
    )
    unpaid = ""
    if page.unpaid is not None:
        unpaid = f"<td>{escape(page.unpaid.get(a.pk) or '—')}</td>"
    return (
        f"    <tr>\n"
        f'      <td><a href="{links["detail"](a.pk)}">{when}</a>{arrived}</td>\n'
        f'      <td><a href="{links["patient"](a.patient_uuid)}">{name}</a>{phone}</td>\n'
        f"      <td>{escape(a.clinician)}</td>\n"
        f"      <td>{escape(a.type)}{cancelled}</td>\n"
        f"      {unpaid}\n"
        f'      <td class="row-actions">{actions(a, kind, page, links, name)}</td>\n'
        f"    </tr>"
    )


def actions(a, kind: str, page: Page, links: dict, name: str) -> str:
    """The row's buttons, each its own small form posting back with the CSRF token."""
    token = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(page.csrf_token)}">'
    back = f'<input type="hidden" name="next" value="{escape(page.next)}">'
    forms = []
    if kind == "due" and page.is_today:
        forms.append(
            f'<form method="post" action="{links["check_in"](a.pk)}" class="inline">{token}{back}'
            f'<button type="submit" aria-label="Check in {name}">Check in</button></form>'
        )
    if kind == "due" and a.starts_at <= page.now:
        forms.append(
            f'<form method="post" action="{links["attendance"](a.pk)}" class="inline">{token}{back}'
            f'<button type="submit" name="status" value="no_show"'
            f' aria-label="{name} did not attend">Did not attend</button></form>'
        )
    if kind == "here" and a.starts_at <= page.now and not page.write_clinical:
        forms.append(
            f'<form method="post" action="{links["attendance"](a.pk)}" class="inline">{token}{back}'
            f'<button type="submit" name="status" value="attended" aria-label="{name} attended">'
            f"Attended</button></form>"
        )
    if kind in ("here", "due") and page.write_clinical and a.starts_at <= page.startable_until:
        forms.append(
            f'<form method="post" action="{links["start_visit"](a.pk)}" class="inline">{token}'
            f'<button type="submit" class="primary" aria-label="Start visit with {name}">'
            f"Start visit</button></form>"
        )
    return "\n        ".join(forms)
