from django.http import HttpRequest

from taut.clinics.roles import Capability, Role


def clinic(request: HttpRequest) -> dict:
    """The current clinic, the user's other clinics, and what they may do, for the layout."""
    caps = getattr(request, "capabilities", frozenset())
    context = {
        "clinic": getattr(request, "clinic", None),
        "can": {c.name.lower(): c in caps for c in Capability},
        "role_names": [
            label for value, label in Role.choices if value in getattr(request, "roles", ())
        ],
    }
    if context["clinic"] is not None:
        context["my_clinics"] = getattr(request, "my_clinics", [])  # read by ClinicMiddleware
    return context
