"""Bearer-token authentication: the token's user acts in the token's clinic, with the roles they
hold there now, so the access layer (`taut.clinics.access`) works as it does for pages."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security import HttpBearer

from taut.api import tokens
from taut.clinics.middleware import act_as, acting_context

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        found = tokens.find(token.strip())
        if found is None:
            return None
        if request.method not in SAFE_METHODS and not found.can_write:
            raise PermissionDenied("This token is read-only; writing needs a read-and-write token.")
        clinic, roles = None, frozenset()
        if found.clinic_id is not None:
            clinic, roles = acting_context(found.user, found.clinic_id, fallback=False)
            if clinic is None:
                return None  # the membership it was made under has ended
        request.user = found.user
        act_as(request, clinic, roles)
        tokens.touch(found)
        return found
