"""Works out, once per request, which clinic the user is acting in and with which roles."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from taut.clinics.models import Clinic, Membership
from taut.clinics.roles import Capability, capabilities_of

SESSION_KEY = "clinic_id"


def active_memberships(user) -> list[Membership]:
    """The user's active memberships with their clinics, read on every request: without the
    clinics' logos (up to 1 MB each, taut.scheduling.logo), read only where one is shown."""
    memberships = Membership.objects.filter(user=user, is_active=True)
    return list(memberships.select_related("clinic").defer("clinic__logo"))


def acting_context(
    user, chosen: int | None, *, fallback: bool = True, memberships: list | None = None
) -> tuple[Clinic | None, frozenset[str]]:
    """The clinic `chosen` (else, with `fallback`, the first by name) among the user's active
    `memberships` (read when not given), and their roles there. API tokens call it with the
    token's clinic."""
    if memberships is None:
        memberships = active_memberships(user)
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
        """Act in the user's current clinic (chosen in the session, else the first), and keep
        the clinics they belong to, by name, for the layout's clinic switcher."""
        memberships = active_memberships(request.user) if request.user.is_authenticated else []
        request.my_clinics = sorted({m.clinic for m in memberships}, key=lambda c: c.name)
        chosen = request.session.get(SESSION_KEY) if memberships else None
        act_as(request, *acting_context(request.user, chosen, memberships=memberships))
        return self.get_response(request)


def can(request: HttpRequest, capability: Capability) -> bool:
    return capability in getattr(request, "capabilities", frozenset())
