from functools import cache

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse

from taut.clinics.roles import Capability, Role

# The signed-in layout's links (taut/templates/base.html), by URL name. The brand's link to
# home stays a {% url %}: the error page for a 500 is drawn without the context processors.
LAYOUT = (
    "patients:list", "schedule:calendar", "reference:differential", "reference:index",
    "outcomes:dashboard", "invoices:home", "exports:index", "audit_log", "switch_clinic",
    "password_change", "second_factor", "api:tokens", "wordings:list", "logout",
)  # fmt: skip


@cache
def layout_links(prefix: str) -> dict[str, str]:
    """The layout's links by URL name (`:` written `_`), reversed once for each script prefix
    the site is served under: reversing them on every page was half the layout's time
    (issue 18). They take no arguments, so nothing else changes them."""
    return {name.replace(":", "_"): reverse(name) for name in LAYOUT}


def clinic(request: HttpRequest) -> dict:
    """The current clinic, the user's other clinics, and what they may do, for the layout."""
    caps = getattr(request, "capabilities", frozenset())
    context = {
        "clinic": getattr(request, "clinic", None),
        "can": {c.name.lower(): c in caps for c in Capability},
        "role_names": [
            label for value, label in Role.choices if value in getattr(request, "roles", ())
        ],
        "links": layout_links(get_script_prefix()),
    }
    if context["clinic"] is not None:
        context["my_clinics"] = getattr(request, "my_clinics", [])  # read by ClinicMiddleware
    return context
