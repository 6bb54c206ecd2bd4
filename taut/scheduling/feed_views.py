"""Calendar feeds: a clinician makes, replaces or revokes their secret feed address; calendar
apps fetch the feed by its token, without logging in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.clinics.middleware import can
from taut.clinics.roles import Capability
from taut.scheduling import feeds
from taut.scheduling.booking import is_clinician_at
from taut.scheduling.models import Appointment, CalendarFeed
from taut.scheduling.views import new_request_count


def active_feeds(request):
    return access.scoped(request, CalendarFeed).filter(revoked_at__isnull=True)


@login_required
def feed_settings(request):
    """The user's own feed address, and for a clinic admin every clinician's live feeds."""
    access.require(request, Capability.SCHEDULE)
    mine = active_feeds(request).filter(clinician=request.user).first()
    others = None
    if can(request, Capability.MANAGE_CLINIC):
        others = active_feeds(request).exclude(clinician=request.user).select_related("clinician")
    context = {
        "feed": mine, "others": others, "new_requests": new_request_count(request),
        "is_clinician": is_clinician_at(request.clinic, request.user),
    }  # fmt: skip
    return render(request, "scheduling/feeds.html", context)


@login_required
@require_POST
def feed_create(request):
    """A new secret address for the user's own calendar; any older one stops working."""
    access.require(request, Capability.SCHEDULE)
    if not is_clinician_at(request.clinic, request.user):
        raise Http404("Only clinicians have a calendar here.")
    with transaction.atomic():
        revoke(active_feeds(request).filter(clinician=request.user), request)
        feed = CalendarFeed.objects.create(clinic=request.clinic, clinician=request.user)
        log.record(request, Action.CREATE, feed)
    messages.success(request, "Your calendar has a new address; any older one no longer works.")
    return redirect("schedule:feeds")


@login_required
@require_POST
def feed_revoke(request, pk):
    feed = access.get_for(request, active_feeds(request), pk=pk)
    if feed.clinician != request.user and not can(request, Capability.MANAGE_CLINIC):
        raise Http404("Not your feed.")
    with transaction.atomic():
        revoke(CalendarFeed.objects.filter(pk=feed.pk), request)
    messages.success(request, "The feed address was revoked; calendar apps can no longer read it.")
    return redirect("schedule:feeds")


def revoke(found, request) -> None:
    for feed in found.select_for_update():
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        log.record(request, Action.CHANGE, feed, detail={"revoked": True})


def feed(request, token):
    """The .ics file for a live token of a clinician still working at the clinic; else 404."""
    found = (
        CalendarFeed.objects.select_related("clinic", "clinician")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )
    if found is None or not is_clinician_at(found.clinic, found.clinician):
        raise Http404("No such calendar.")
    now = timezone.now()
    start, end = feeds.window(now)
    shown = Appointment.objects.filter(
        clinic=found.clinic, clinician=found.clinician, starts_at__gte=start, starts_at__lt=end
    ).select_related("type", "patient")
    body = feeds.calendar(
        title=f"{found.clinician.display_name} · {found.clinic.name}", appointments=shown,
        show_names=found.clinic.feeds_show_names, now=now, host=request.get_host().split(":")[0],
    )  # fmt: skip
    log.record(request, Action.EXPORT, found, user=found.clinician, detail={"calendar_feed": True})
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
