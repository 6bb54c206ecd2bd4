"""The FHIR router mounted on its own NinjaAPI, as taut.api will mount it, for the tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from ninja import NinjaAPI

from taut.api.auth import TokenAuth
from taut.fhir.api import router

api = NinjaAPI(auth=TokenAuth(), urls_namespace="fhir-api-test")


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=403)


api.add_router("fhir", router)
urlpatterns = [path("api/", api.urls)]
