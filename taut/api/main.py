"""The JSON API: one NinjaAPI, bearer-token authentication, the routers of each area."""

from django.core.exceptions import PermissionDenied
from ninja import NinjaAPI

from taut.api import (
    differential,
    episodes,
    exams,
    intakes,
    knowledge,
    patients,
    plans,
    questionnaires,
    sessions,
)  # fmt: skip
from taut.api.auth import TokenAuth
from taut.fhir.api import router as fhir_router

DESCRIPTION = """Taut's clinical records as JSON. Authenticate with a token made on the API
tokens page: `Authorization: Bearer taut_...`. A token acts in the clinic it was made in, with
the roles its owner holds there; anything outside that clinic answers 404, a role without the
right 403. Lists take `limit` (at most 100) and `cursor` and answer `{limit, next, previous,
items}`: `next` and `previous` are opaque cursors to pass back, null at either end; an altered
cursor answers 400. Invalid input answers 422 with `detail`: a list of `{type, loc, msg}`,
where `loc` is the path to the field, e.g. `["body", "payload", "phone"]`. See docs/api.md."""

api = NinjaAPI(
    title="Taut API",
    version="1",
    description=DESCRIPTION,
    auth=TokenAuth(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


V1 = "v1/"
api.add_router(V1 + "patients", patients.router)
for area in (episodes, intakes, exams, sessions, questionnaires, plans):
    api.add_router(V1 + "patients", area.router)
api.add_router(V1.rstrip("/"), differential.router)
api.add_router(V1.rstrip("/"), knowledge.router)
api.add_router(V1 + "fhir", fhir_router)  # taut/fhir/api.py: FHIR R4 read and bulk export
