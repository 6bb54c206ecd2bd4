"""Holds a logged-in person at the second step until they pass it.

Someone with an authenticator app or a passkey is asked for it after the password; someone
whom the clinic they are acting in requires one of, and who has none yet, is sent to set one
up (switching to that clinic brings them here too). Until then only
the pages of those two steps, and logging out, answer.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from taut.accounts import second_factor

# Switching clinic stays open: another of the person's clinics may not require a factor.
OPEN_PREFIXES = (
    "/login/", "/logout/", "/account/two-step/", "/webauthn/", "/static/", "/clinic/switch/",
)  # fmt: skip


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PREFIXES)
        ):
            query = urlencode({"next": request.get_full_path()})
            if second_factor.enrolled(user):
                return redirect(f"{reverse('second_factor_verify')}?{query}")
            if second_factor.required(request.clinic, request.roles):
                return redirect(f"{reverse('second_factor')}?{query}")
        return self.get_response(request)
