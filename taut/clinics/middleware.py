"""Works out, once per request, which clinic the user is acting in and with which roles."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from taut.clinics.models import Clinic, Membership
from taut.clinics.roles import Capability, capabilities_of

SESSION_KEY = "clinic_id"


def clinic_context(request: HttpRequest) -> tuple[Clinic | None, frozenset[str]]:
    """The user's current clinic (chosen in the session, else the first) and their roles there."""
    user = request.user
    if not user.is_authenticated:
        return None, frozenset()
    memberships = list(
        Membership.objects.filter(user=user, is_active=True).select_related("clinic")
    )
    if not memberships:
        return None, frozenset()
    clinics = {m.clinic_id: m.clinic for m in memberships}
    chosen = request.session.get(SESSION_KEY)
    clinic = clinics.get(chosen) or min(clinics.values(), key=lambda c: c.name)
    roles = frozenset(m.role for m in memberships if m.clinic_id == clinic.pk)
    return clinic, roles


class ClinicMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.clinic, request.roles = clinic_context(request)
        request.capabilities = capabilities_of(request.roles)
        return self.get_response(request)


def can(request: HttpRequest, capability: Capability) -> bool:
    return capability in getattr(request, "capabilities", frozenset())
