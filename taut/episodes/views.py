"""Episodes of care: open one, follow it on one page (consent, screening, intakes, assessments,
sessions), record and withdraw consent to dry needling, discharge."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from taut.accounts.models import NAME_FIELDS
from taut.audit import log
from taut.audit.actions import Action
from taut.clinical import screening
from taut.clinics import access
from taut.clinics.roles import Capability
from taut.episodes.forms import ConsentForm, ConsentTextForm, EpisodeForm, RedFlagDecisionForm
from taut.episodes.models import Consent, ConsentText, Episode
from taut.patients.models import Patient

# --- loading through the door ------------------------------------------------------------------


def for_reading(request, uuid, episode) -> Episode:
    access.require(request, Capability.SEE_CLINICAL)
    episodes = Episode.objects.select_related("patient")
    return access.get_for(request, episodes, patient__uuid=uuid, pk=episode)


def for_writing(request, uuid, episode) -> Episode:
    """The episode, for a clinician, of a patient who is not archived."""
    access.require(request, Capability.WRITE_CLINICAL)
    episodes = Episode.objects.select_related("patient").filter(patient__archived_at__isnull=True)
    return access.get_for(request, episodes, patient__uuid=uuid, pk=episode)


# --- episodes ----------------------------------------------------------------------------------


@login_required
def episode_list(request, uuid):
    access.require(request, Capability.SEE_CLINICAL)
    patient = access.get_for(request, Patient, uuid=uuid)
    episodes = (
        access.scoped(request, Episode)
        .filter(patient=patient)
        .annotate(
            intake_count=Count("intakes", distinct=True),
            assessment_count=Count("assessments", distinct=True),
            session_count=Count("sessions", distinct=True),
        )
    )
    return render(request, "episodes/list.html", {"patient": patient, "episodes": episodes})


@login_required
def episode_create(request, uuid):
    access.require(request, Capability.WRITE_CLINICAL)
    patient = access.get_for(request, Patient.objects.active(), uuid=uuid)
    form = EpisodeForm(request.POST if request.method == "POST" else None, patient=patient)
    if request.method == "POST" and form.is_valid():
        episode = form.create(request)
        messages.success(request, "Episode opened. Next: the intake.")
        return redirect("episodes:detail", patient.uuid, episode.pk)
    return render(request, "episodes/form.html", {"form": form, "patient": patient})


@login_required
def episode_detail(request, uuid, episode):
    episode = for_reading(request, uuid, episode)
    # Read once each: the latest intake and the consent in force are among them.
    intakes = list(episode.intakes.select_related("recorded_by").order_by("-recorded_at", "-pk"))
    consents = list(
        episode.consents.select_related("text", "witnessed_by")
        .defer("text__text")  # the page names the version, not the wording
        .order_by("-given_at")
    )
    context = {
        "episode": episode,
        "patient": episode.patient,
        "consent": episode.current_consent(consents),
        "consents": consents,
        "latest_intake": intakes[0] if intakes else None,
        "intakes": intakes,
        "assessments": listed(episode.assessments, "performed_at"),
        "sessions": listed(episode.sessions, "performed_at", "pain_before", "pain_after"),
        "referral_advice": screening.REFERRAL_ADVICE,
        "review": episode.red_flag_review(intakes),
    }
    return render(request, "episodes/detail.html", context)


def listed(records, *shown) -> list:
    """An episode's assessments or sessions as its page lists them: the columns it shows and
    the clinician's name, not the findings, the differential or the notes (issue 18). The
    episode's id too: the related manager reads it."""
    names = (f"clinician__{f}" for f in NAME_FIELDS)
    return list(records.select_related("clinician").only("episode", *shown, *names))


@login_required
@require_POST
def episode_discharge(request, uuid, episode):
    episode = for_writing(request, uuid, episode)
    if not episode.is_open:
        messages.error(request, f"This episode was already discharged on {episode.discharged_on}.")
        return redirect("episodes:detail", uuid, episode.pk)
    with transaction.atomic():
        episode.discharged_on = timezone.localdate()
        episode.save(update_fields=["discharged_on"])
        log.record(
            request, Action.CHANGE, episode, detail={"discharged_on": str(episode.discharged_on)}
        )
    messages.success(request, "Episode discharged.")
    return redirect("episodes:detail", uuid, episode.pk)


# --- consent to dry needling -------------------------------------------------------------------


def current_consent(episode) -> Consent | None:
    consent = episode.current_consent()
    if consent is not None:
        consent = Consent.objects.select_related("text", "witnessed_by").get(pk=consent.pk)
    return consent


@login_required
def consent_create(request, uuid, episode):
    """Record the patient's consent; a clinic without a consent text is told how to add one."""
    episode = for_writing(request, uuid, episode)
    form = ConsentForm(
        request.POST if request.method == "POST" else None, clinic=request.clinic, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            consent = form.save(commit=False)
            consent.clinic, consent.episode, consent.patient = (
                request.clinic, episode, episode.patient,
            )  # fmt: skip
            consent.save()
            log.record(request, Action.CREATE, consent)
        messages.success(request, f"Consent recorded ({consent.text}).")
        return redirect("episodes:detail", uuid, episode.pk)
    return consent_page(request, episode, form)


def consent_page(request, episode, form, text_form=None):
    can_add_text = Capability.MANAGE_CLINIC in request.capabilities
    if can_add_text and text_form is None:
        text_form = ConsentTextForm(clinic=request.clinic)
    context = {
        "episode": episode,
        "patient": episode.patient,
        "form": form,
        "texts": ConsentText.objects.filter(clinic=request.clinic),
        "text_form": text_form if can_add_text else None,
        "consent": current_consent(episode),
    }
    return render(request, "episodes/consent.html", context)


@login_required
@require_POST
def consent_text_create(request, uuid, episode):
    """A clinic admin adds a version of the consent text (from an episode's consent page)."""
    episode = for_writing(request, uuid, episode)
    access.require(request, Capability.MANAGE_CLINIC)
    text_form = ConsentTextForm(request.POST, clinic=request.clinic)
    if not text_form.is_valid():
        form = ConsentForm(clinic=request.clinic, user=request.user)
        return consent_page(request, episode, form, text_form)
    with transaction.atomic():
        text = text_form.save()
        log.record(request, Action.CREATE, text)
    messages.success(request, f"{text} added. It can now be chosen when consent is recorded.")
    return redirect("episodes:consent", uuid, episode.pk)


@login_required
@require_POST
def consent_withdraw(request, uuid, episode, pk):
    """Mark a consent withdrawn (the record stays). Any other consent of the episode still in
    force is withdrawn with it: an older signature must not come back into force."""
    episode = for_writing(request, uuid, episode)
    consent = access.get_for(request, Consent, episode=episode, pk=pk)
    if consent.withdrawn_at is not None:
        messages.error(request, "This consent was already withdrawn.")
        return redirect("episodes:detail", uuid, episode.pk)
    with transaction.atomic():
        now = timezone.now()
        for in_force in episode.consents.filter(withdrawn_at__isnull=True):
            in_force.withdrawn_at = now
            in_force.save(update_fields=["withdrawn_at"])
            log.record(request, Action.CHANGE, in_force, detail={"withdrawn": True})
    messages.success(request, "Consent withdrawn: needling cannot be recorded now.")
    return redirect("episodes:detail", uuid, episode.pk)


# --- the decision on red flags -----------------------------------------------------------------


@login_required
def red_flag_decision(request, uuid, episode):
    """Record the clinician's decision on the red flags of the latest intake (audited)."""
    episode = for_writing(request, uuid, episode)
    review = episode.red_flag_review()
    if not review.flags:
        messages.error(request, "No red flag is on the latest intake: there is nothing to decide.")
        return redirect("episodes:detail", uuid, episode.pk)
    form = RedFlagDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        decision = form.create(request, episode, review.flags)
        messages.success(request, f"Decision recorded: {decision.get_outcome_display().lower()}.")
        return redirect("episodes:detail", uuid, episode.pk)
    context = {
        "episode": episode,
        "patient": episode.patient,
        "review": review,
        "form": form,
        "decisions": episode.red_flag_decisions.select_related("decided_by"),
        "referral_advice": screening.REFERRAL_ADVICE,
    }
    return render(request, "episodes/red_flags.html", context)
