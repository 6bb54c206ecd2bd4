"""The calendar grid's cells and appointments as HTML, written here rather than in the template.

A week of a page of clinicians has about 1,700 quarter-hour cells and a few hundred
appointments; the template language spent 0.3-1 s on them (issue 18), where these few fixed
patterns take milliseconds. Every value is escaped; the page's template keeps the frame
(headings, the time axis, the legend) and places each column's `html`.
"""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from taut.scheduling.grid import Block, Cell, Column, Grid
from taut.scheduling.links import Link
from taut.scheduling.models import Status


@dataclass(frozen=True, slots=True)
class Shown:
    """What a block shows of an appointment of this clinic, read as plain values: building a
    week's few hundred appointments and patients as models was much of the page (issue 18)."""

    pk: int
    clinician_id: int
    starts_at: datetime
    ends_at: datetime
    status: str
    version: int
    patient: str  # the patient's full name
    type: str  # the appointment type's name

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


def fill(grid: Grid, now) -> None:
    """Set each column's `html`: its cells and appointments in order of time."""
    urls = {
        "book": reverse("schedule:book"),
        "detail": Link("schedule:detail"),
        "move": Link("schedule:move"),
    }
    for column in grid.columns:
        each = {
            "who": escape(column.clinician.display_name), "pk": column.clinician.pk,
            "day": column.day.isoformat(), "book": urls["book"],
            "on": f"{column.day:%a} {column.day.day} {column.day:%b}",
        }  # fmt: skip
        parts = [
            cell(entry, column, each)
            if isinstance(entry, Cell)
            else block(entry, column, urls, now)
            for entry in column.entries()
        ]
        column.html = mark_safe("\n".join(parts))


def place(entry: Cell | Block, column: Column) -> str:
    return f"gr-{entry.row} gs-{entry.rows} gc-{column.index}"


def cell(c: Cell, column: Column, each: dict) -> str:
    """A quarter hour: a link to book it when free, else a shaded box (a drop target)."""
    at = f"{c.start.hour:02d}:{c.start.minute:02d}"
    classes = f"cell {c.state} {place(c, column)}{' hour' if c.on_the_hour else ''}"
    data = f'data-clinician="{each["pk"]}" data-date="{each["day"]}" data-time="{at}"'
    if c.state != "free":
        return f'<div class="{classes}" {data}></div>'
    href = f"{each['book']}?clinician={each['pk']}&amp;date={each['day']}&amp;time={at}"
    label = f"Book {each['who']}, {each['on']} {at}"
    return f'<a class="{classes}" href="{href}" {data} aria-label="{label}"><span>{at}</span></a>'


def block(b: Block, column: Column, urls: dict, now) -> str:
    a: Shown | None = b.item
    if a is None:
        return f'<div class="appt elsewhere {place(b, column)}">Busy at another clinic</div>'
    starts, ends = timezone.localtime(a.starts_at), timezone.localtime(a.ends_at)
    movable = a.status == Status.BOOKED and a.starts_at > now
    drag = (
        f' draggable="false" data-move="{urls["move"](a.pk)}"'
        f' data-date="{starts:%Y-%m-%d}" data-time="{starts:%H:%M}"'
        f' data-clinician="{a.clinician_id}" data-length="{a.minutes}"'
        f' data-version="{a.version}"'
        if movable
        else ""
    )
    status = "" if a.status == Status.BOOKED else f" · {escape(Status(a.status).label)}"
    resize = '<span class="resize" aria-hidden="true"></span>' if movable else ""
    return (
        f'<a class="appt {escape(a.status)} {place(b, column)}"'
        f' href="{urls["detail"](a.pk)}"{drag}>'
        f'<time datetime="{starts.isoformat()}">{starts:%H:%M}–{ends:%H:%M}</time>'
        f"<strong>{escape(a.patient)}</strong>"
        f"<span>{escape(a.type)}{status}</span>"
        f"{resize}</a>"
    )
