"""Which clinicians the calendar and the day sheet show: the ones chosen in the URL, else the
logged-in clinician, else everyone; a page of them at a time, so that a page's cost grows with
what it shows and not with the size of the clinic (issue 18).

The URL carries the choice, so a view can be bookmarked: `clinician` (repeated) for the
chosen ones, `everyone=1` for all of them, `page` for the page of either.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from taut.accounts.models import NAME_FIELDS, display_name
from taut.scheduling.forms import clinicians_of

# Engineering choice: how many clinicians a page shows. A day of six columns fits a 1366-pixel
# desktop without scrolling sideways; a week is seven columns a clinician, so two (14 columns)
# fit the same width. Both keep a page near a thousand quarter-hour cells or fewer.
PER_PAGE = {"day": 6, "week": 2}

IGNORED = (
    "Some of the clinicians in the address are not clinicians at this clinic (any more), "
    "so they are left out."
)


@dataclass(frozen=True)
class Clinician:
    """A clinician as the pages name them, read as plain values: the clinic's few dozen
    clinicians built as users were most of the picker's time (issue 18)."""

    pk: int
    display_name: str


@dataclass(frozen=True)
class Picked:
    clinicians: list[Clinician]  # every clinician of the clinic, in the order pages take them
    chosen: list[Clinician]  # chosen by the URL, or the logged-in clinician; [] for everyone
    shown: list[Clinician]  # the clinicians of this page
    page: int
    pages: int
    ignored: bool  # the URL named someone who is not a clinician here: say so, show the rest
    per_page: int
    me: Clinician | None  # the logged-in user, when a clinician here

    @property
    def checkboxes(self) -> SafeString:
        """A checkbox for every clinician, ticked for the chosen: written here rather than in
        the template, where a clinic's few dozen took a millisecond of every page (issue 18)."""
        chosen = {c.pk for c in self.chosen}
        return mark_safe(
            "".join(
                f'<label class="check-option"><input type="checkbox" name="clinician"'
                f' value="{c.pk}"{" checked" if c.pk in chosen else ""}>'
                f" {escape(c.display_name)}</label>"
                for c in self.clinicians
            )
        )

    @property
    def note(self) -> str:
        return IGNORED if self.ignored else ""

    @property
    def everyone(self) -> bool:
        return not self.chosen

    @property
    def pool(self) -> list:
        return self.chosen or self.clinicians

    @property
    def first(self) -> int:
        """The position (from 1) of the first clinician shown, among those paged through."""
        return (self.page - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        return self.first + len(self.shown) - 1

    @property
    def only(self):
        """The one clinician shown, when there is just one; else None."""
        return self.shown[0] if len(self.shown) == 1 else None

    def fields(self, page: int | None = None) -> list[tuple[str, int]]:
        """The URL parameters of this choice at `page` (this page when None), as pairs."""
        params = [("clinician", c.pk) for c in self.chosen] or [("everyone", 1)]
        page = self.page if page is None else page
        return params + ([("page", page)] if page > 1 else [])

    def query(self, page: int | None = None) -> str:
        return urlencode(self.fields(page))

    @property
    def hidden(self) -> list[tuple[str, int]]:
        """This choice as the hidden fields of a form that changes something else."""
        return self.fields()

    @property
    def here(self) -> str:
        return self.query()

    @property
    def previous(self) -> str | None:
        return self.query(self.page - 1) if self.page > 1 else None

    @property
    def next(self) -> str | None:
        return self.query(self.page + 1) if self.page < self.pages else None


def pick(clinic, user, params, per_page: int = PER_PAGE["day"]) -> Picked:
    """Read the choice from `params` (a QueryDict), `per_page` clinicians a page: ids that are
    not this clinic's active clinicians are left out (and `ignored` set), a page out of range
    becomes the nearest one."""
    ordered = clinicians_of(clinic).order_by("last_name", "first_name", "username", "pk")
    clinicians = [
        Clinician(pk, display_name(first, last, username))
        for pk, first, last, username in ordered.values_list("pk", *NAME_FIELDS)
    ]
    by_id = {str(c.pk): c for c in clinicians}
    asked = [value.strip() for value in params.getlist("clinician") if value.strip()]
    chosen = list({by_id[a].pk: by_id[a] for a in asked if a in by_id}.values())
    ignored = any(a not in by_id for a in asked)
    me = by_id.get(str(user.pk))
    if not chosen and params.get("everyone") != "1" and me is not None:
        chosen = [me]
    pool = chosen or clinicians
    pages = max(1, -(-len(pool) // per_page))
    page = min(max(as_number(params.get("page")), 1), pages)
    shown = pool[(page - 1) * per_page : page * per_page]
    return Picked(clinicians, chosen, shown, page, pages, ignored, per_page, me)


def as_number(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 1
