"""Response headers that keep patient data out of shared caches and browsers' back buttons.

Content-Security-Policy comes from django-csp (settings.CONTENT_SECURITY_POLICY); this
middleware adds what Django and django-csp do not: no-store on every page Taut renders and
a Permissions-Policy that turns off the browser features Taut never uses.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Every page may name a patient, and a clinic PC is shared: after logout the back
        # button must not show a record from the cache. Static files never reach this point
        # (WhiteNoise answers them first); a view that sets its own Cache-Control keeps it.
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        match = request.resolver_match
        if match is not None and match.url_name == "logout" and request.method == "POST":
            # Leaving a shared PC: the browser drops what it cached or stored for Taut too.
            response.headers["Clear-Site-Data"] = '"cache", "storage"'

        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
