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
    return acting_context(user, request.session.get(SESSION_KEY))


def acting_context(
    user, chosen: int | None, *, fallback: bool = True
) -> tuple[Clinic | None, frozenset[str]]:
    """The clinic `chosen` (else, with `fallback`, the first by name) among the user's active
    memberships, and their roles there. API tokens call it with the token's clinic."""
    memberships = list(
        Membership.objects.filter(user=user, is_active=True).select_related("clinic")
    )
    clinics = {m.clinic_id: m.clinic for m in memberships}
    clinic = clinics.get(chosen)
    if clinic is None and fallback and clinics:
        clinic = min(clinics.values(), key=lambda c: c.name)
    if clinic is None:
        return None, frozenset()
    roles = frozenset(m.role for m in memberships if m.clinic_id == clinic.pk)
    return clinic, roles


def act_as(request: HttpRequest, clinic: Clinic | None, roles: frozenset[str]) -> None:
    """Set what the access layer reads: the clinic, the roles and their capabilities."""
    request.clinic, request.roles = clinic, roles
    request.capabilities = capabilities_of(roles)


class ClinicMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        act_as(request, *clinic_context(request))
        return self.get_response(request)


def can(request: HttpRequest, capability: Capability) -> bool:
    return capability in getattr(request, "capabilities", frozenset())
