"""The calendar grid's cells and appointments as HTML, written here rather than in the template.

A week of a page of clinicians has about 1,700 quarter-hour cells and a few hundred
appointments; the template language spent 0.3-1 s on them (issue 18), where these few fixed
patterns take milliseconds. Every value is escaped; the page's template keeps the frame
(headings, the time axis, the legend) and places each column's `html`.
"""

import html
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from taut.links import Link
from taut.scheduling.grid import Block, Cell, Column, Grid
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
        # by timestamps: in one zone, times subtract as wall clocks (no hour for a clock change)
        return int((self.ends_at.timestamp() - self.starts_at.timestamp()) // 60)


def fill(grid: Grid, now: datetime, tz: tzinfo, here: str, today: date) -> None:
    """Set the grid's `html`: the time axis, then each column's headings, cells and
    appointments in order of time. `here` is the page's choice of clinicians (as a query
    string), which each day's link keeps."""
    urls = {
        "book": reverse("schedule:book"),
        "detail": Link("schedule:detail"),
        "move": Link("schedule:move"),
    }
    here = escape(here)
    parts = [
        "".join(
            f'<div class="tgrid-hour gr-{row} gs-12 gc-1" aria-hidden="true">{label}</div>'
            for label, row in grid.hours
        )
    ]
    for column in grid.columns:
        each = {
            "who": escape(column.clinician.display_name), "pk": column.clinician.pk,
            "day": column.day.isoformat(), "book": urls["book"],
            "on": f"{column.day:%a} {column.day.day} {column.day:%b}",
        }  # fmt: skip
        parts.append(headings(column, grid, each, here, today))
        parts.extend(
            cell(entry, column, each)
            if isinstance(entry, Cell)
            else block(entry, column, urls, now, tz)
            for entry in column.entries()
        )
    grid.html = mark_safe("\n".join(parts))


def headings(column: Column, grid: Grid, each: dict, here: str, today: date) -> str:
    """The column's day (over the day's first column, linking to that day alone), the
    clinician, and its background."""
    day = ""
    if column.starts_day:
        now = " today" if column.day == today else ""
        day = (
            f'<h2 class="tgrid-day gr-1 gc-{column.index} gcs-{grid.per_day}{now}">'
            f'<a href="?{here}&amp;view=day&amp;date={each["day"]}">{each["on"]}</a></h2>\n'
        )
    return (
        f'{day}<h3 class="tgrid-who gr-2 gc-{column.index}" id="col-{column.index}">'
        f"{each['who']}</h3>\n"
        f'<div class="tgrid-col gr-3 gs-{grid.rows} gc-{column.index}" aria-hidden="true"></div>'
    )


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


LABELS = dict(Status.choices)


def text(value: str) -> str:
    """`value` escaped for HTML, as django.utils.html.escape does it, without its handling of
    lazy strings: a page of blocks called it a few hundred times (issue 18)."""
    return html.escape(value)


def block(b: Block, column: Column, urls: dict, now: datetime, tz: tzinfo) -> str:
    a: Shown | None = b.item
    if a is None:
        return f'<div class="appt elsewhere {place(b, column)}">Busy at another clinic</div>'
    starts, ends = a.starts_at.astimezone(tz), a.ends_at.astimezone(tz)
    at = f"{starts.hour:02d}:{starts.minute:02d}"
    movable = a.status == Status.BOOKED and a.starts_at > now
    drag = (
        f' draggable="false" data-move="{urls["move"](a.pk)}"'
        f' data-date="{starts.date().isoformat()}" data-time="{at}"'
        f' data-clinician="{a.clinician_id}" data-length="{a.minutes}"'
        f' data-version="{a.version}"'
        if movable
        else ""
    )
    status = "" if a.status == Status.BOOKED else f" · {text(LABELS[a.status])}"
    resize = '<span class="resize" aria-hidden="true"></span>' if movable else ""
    return (
        f'<a class="appt {text(a.status)} {place(b, column)}"'
        f' href="{urls["detail"](a.pk)}"{drag}>'
        f'<time datetime="{starts.isoformat()}">{at}–{ends.hour:02d}:{ends.minute:02d}</time>'
        f"<strong>{text(a.patient)}</strong>"
        f"<span>{text(a.type)}{status}</span>"
        f"{resize}</a>"
    )
