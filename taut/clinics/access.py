"""The one door to clinic data.

Views read clinical objects only through `scoped` (a clinic's rows of a model) and `get_for`
(one row, audited). Both answer 404 for anything outside the user's current clinic, and 403
when the user's roles do not allow that kind of record. Patients reach their own records
through `own_patients`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics.roles import Capability


def require(request: HttpRequest, capability: Capability) -> None:
    """Refuse (403) a staff member whose roles lack `capability`; 404 for non-staff."""
    if getattr(request, "clinic", None) is None:
        raise Http404("Not found")
    if capability not in request.capabilities:
        raise PermissionDenied(f"Your role does not allow this ({capability}).")


def scoped(request: HttpRequest, model: type[models.Model]) -> models.QuerySet:
    """The current clinic's rows of `model`, after checking the user may read that model."""
    require(request, model.read_capability)
    return model.objects.filter(clinic=request.clinic)


def get_for(
    request: HttpRequest,
    model_or_queryset: type[models.Model] | models.QuerySet,
    *,
    action: Action = Action.VIEW,
    **lookup,
) -> models.Model:
    """One clinic object by `lookup`, 404 if it is not the current clinic's; audits the access."""
    if isinstance(model_or_queryset, models.QuerySet):
        queryset = model_or_queryset & scoped(request, model_or_queryset.model)
    else:
        queryset = scoped(request, model_or_queryset)
    try:
        obj = queryset.get(**lookup)
    # A malformed lookup value (not a uuid, not a number) names nothing: 404, never 500.
    except (queryset.model.DoesNotExist, ValueError, ValidationError, models.ObjectDoesNotExist):
        raise Http404("Not found") from None
    log.record(request, action, obj)
    return obj


def own_patients(request: HttpRequest) -> models.QuerySet:
    """The patient records whose portal login is the current user (a patient's own door)."""
    from taut.patients.models import Patient

    if not request.user.is_authenticated:
        raise Http404("Not found")
    return Patient.objects.active().filter(portal_user=request.user)
