"""The clinic's public page, its logo, and the appointment request form. No login."""

from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from taut.clinics.models import Clinic
from taut.kb.care import aftercare
from taut.scheduling import public_page
from taut.scheduling.admin_views import logo_response
from taut.scheduling.models import AppointmentType
from taut.scheduling.public_forms import RequestForm
from taut.scheduling.requests import notify_clinic
from taut.security import throttle


def published(slug: str) -> Clinic:
    return get_object_or_404(Clinic, slug=slug, is_published=True)


@require_GET
def page(request, slug):
    clinic = published(slug)
    offered = AppointmentType.objects.filter(clinic=clinic, is_active=True)
    context = {
        "clinic": clinic, "aftercare": aftercare(), "types": offered,
        "references": public_page.references(), "ref": public_page.numbers(),
    }  # fmt: skip
    return render(request, "public/page.html", context)


def request_form(request, slug):
    clinic = published(slug)
    form = RequestForm(request.POST if request.method == "POST" else None, clinic=clinic)
    limit = throttle.appointment_requests()
    if request.method == "POST" and limit.exceeded(request):
        context = {"clinic": clinic, "form": form, "throttled": True}
        return render(request, "public/request.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        limit.hit(request)
        if not form.is_spam:
            with transaction.atomic():
                sent = form.save(commit=False)
                sent.clinic = clinic
                sent.save()
                transaction.on_commit(lambda: notify_clinic(sent))
        return redirect("public:thanks", clinic.slug)
    return render(request, "public/request.html", {"clinic": clinic, "form": form})


@require_GET
def thanks(request, slug):
    return render(request, "public/thanks.html", {"clinic": published(slug)})


@require_GET
def logo(request, slug):
    return logo_response(published(slug))
