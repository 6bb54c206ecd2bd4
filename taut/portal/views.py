"""The patient portal: a patient's own home program, appointments, progress, intake,
questionnaires and pain diary. Every lookup goes through `access.own_patients`, so another
patient's records are a 404, and every read or write is audited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from taut.audit import log
from taut.audit.actions import Action
from taut.clinics import access
from taut.episodes.models import Episode
from taut.intake import withdrawal
from taut.intake.models import Intake
from taut.intake.views import COPIED
from taut.measures import wordings
from taut.measures.forms import form_for
from taut.measures.instruments import SPECS
from taut.measures.models import QuestionnaireResponse, Source
from taut.portal import diary
from taut.portal import home as overview
from taut.portal.forms import DiaryForm, NewEpisodeForm, PatientIntakeForm
from taut.portal.models import PainDiaryEntry
from taut.portal.program_views import program_response

RECENT_DIARY = 14


def my_records(request) -> list:
    records = list(access.own_patients(request).select_related("clinic"))
    if not records:
        raise Http404("No patient record is linked to this login.")
    return records


def my_episodes(request):
    return Episode.objects.filter(patient__in=access.own_patients(request)).select_related(
        "patient", "clinic"
    )


def my_episode(request, pk: int, *, open_only: bool = False) -> Episode:
    """One of the patient's own episodes, audited; 404 for anyone else's."""
    episodes = my_episodes(request)
    if open_only:
        episodes = episodes.filter(discharged_on__isnull=True)
    episode = episodes.filter(pk=pk).first()
    if episode is None:
        raise Http404("Not found")
    log.record(request, Action.VIEW, episode)
    return episode


@login_required
def home(request):
    """A patient's own records, and nothing else: program, appointments, progress, actions."""
    records = my_records(request)
    for record in records:
        log.record(request, Action.VIEW, record, detail={"page": "portal"})
    return render(request, "portal/home.html", {"overviews": overview.overview(records)})


@login_required
def program(request, episode):
    return program_response(request, my_episode(request, episode), pdf_file=False, for_patient=True)


@login_required
def program_pdf(request, episode):
    return program_response(request, my_episode(request, episode), pdf_file=True, for_patient=True)


@login_required
def questionnaire(request, episode, instrument):
    """The patient fills in one of the questionnaires suggested for their open episode."""
    episode = my_episode(request, episode, open_only=True)
    if instrument not in {s.name for s in overview.questionnaires_for(episode)}:
        raise Http404("Not a questionnaire for this episode")
    current = wordings.current(episode.clinic, instrument)
    if current is None:  # not offered on the home page either (overview.questionnaires_for)
        raise Http404("This questionnaire's wording is not loaded at the clinic")
    data = request.POST if request.method == "POST" else None
    form = form_for(instrument, data, wording=current.wording)
    for name in ("answered_at", "by_patient", "source"):  # the patient answers now, here
        del form.fields[name]
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            response = QuestionnaireResponse.objects.record(
                episode, instrument, form.answers, entered_by=request.user,
                answered_at=timezone.now(), by_patient=True, source=Source.PORTAL,
            )  # fmt: skip
            log.record(request, Action.CREATE, response)
        messages.success(request, f"Thank you: your {SPECS[instrument].short} answers are saved.")
        return redirect("portal:home")
    context = {"form": form, "spec": form.spec, "episode": episode, "wording": current.wording}
    template = "psfs" if instrument == "psfs" else "items"
    return render(request, f"portal/questionnaire_{template}.html", context)


def intake_episode(request) -> tuple[Episode | None, list[Episode]]:
    """The open episode the intake is for (?episode=, or the only open one) and the choices."""
    open_episodes = list(my_episodes(request).filter(discharged_on__isnull=True))
    asked = request.GET.get("episode") or request.POST.get("episode")
    if asked:
        found = [e for e in open_episodes if str(e.pk) == asked]
        if not found:
            raise Http404("Not one of your open episodes")
        return found[0], open_episodes
    return (open_episodes[0] if len(open_episodes) == 1 else None), open_episodes


@login_required
def intake(request):
    """The intake before a visit. With no open episode, the patient names the problem and the
    intake opens an episode for it, for the clinician to review at the first visit; a patient
    with records at several clinics chooses which clinic."""
    records = my_records(request)
    episode, open_episodes = intake_episode(request)
    if episode is None and open_episodes:
        return render(request, "portal/intake_choose.html", {"episodes": open_episodes})
    patient = episode.patient if episode else records[0]
    previous = episode.latest_intake() if episode else None
    fields = PatientIntakeForm.Meta.fields
    initial = {f: getattr(previous, f) for f in COPIED if f in fields} if previous else {}
    data = request.POST if request.method == "POST" else None
    form = PatientIntakeForm(data, initial=initial, patient=patient)
    new_episode = None
    if episode is None:
        choices = record_choices(records) if len(records) > 1 else None
        new_episode = NewEpisodeForm(data, prefix="episode", record_choices=choices)
    if data is not None and form.is_valid() and (new_episode is None or new_episode.is_valid()):
        with transaction.atomic():
            if episode is None:
                opening = dict(new_episode.cleaned_data)
                patient = chosen_record(records, opening.pop("record", None))
                episode = Episode.objects.create(
                    clinic=patient.clinic, patient=patient, created_by=request.user, **opening
                )
                log.record(request, Action.CREATE, episode)
            form.create(request, episode)
        messages.success(request, "Thank you: your intake is saved for your clinician.")
        return redirect("portal:home")
    # The form shows the previous intake's answers: reading them is audited like any record.
    log.record(
        request, Action.VIEW, previous or episode or patient, detail={"page": "portal intake"}
    )
    withdrawable = previous if previous and not withdrawal.refusal(previous, request.user) else None
    context = {"form": form, "new_episode": new_episode, "episode": episode, "patient": patient,
               "withdrawable": withdrawable}  # fmt: skip
    return render(request, "portal/intake.html", context)


@login_required
@require_POST
def intake_withdraw(request, pk):
    """The patient withdraws an intake they sent by mistake, until the clinic has opened it."""
    intake = Intake.objects.filter(episode__in=my_episodes(request), pk=pk).first()
    if intake is None:
        raise Http404("Not one of your intakes")
    try:
        withdrawal.withdraw(intake, request.user)
    except withdrawal.NotWithdrawable as refused:
        messages.error(request, str(refused))
    else:
        log.record(request, Action.CHANGE, intake, detail={"withdrawn": True})
        messages.success(request, "Your intake was withdrawn: your clinician will not use it.")
    return redirect("portal:home")


def record_choices(records, episodes=None) -> list[tuple[str, str]]:
    """Each record as a choice named by its clinic (and the open episode the entry joins)."""
    episodes = episodes or {}
    choices = []
    for record in records:
        label = record.clinic.name
        if record.pk in episodes:
            label += f": {episodes[record.pk].title}"
        choices.append((str(record.pk), label))
    return choices


def chosen_record(records, chosen: str | None):
    """The record picked on the form; the only record when there was nothing to choose."""
    if chosen is None:
        return records[0]
    return next(r for r in records if str(r.pk) == chosen)  # the form allowed only these


def diary_targets(records) -> list[tuple]:
    """The (record, open episode) pairs a diary entry may belong to: the records with an open
    episode (each with its most recently opened one), or every record when none has one."""
    latest = {}
    for episode in Episode.objects.filter(patient__in=records, discharged_on__isnull=True).order_by(
        "opened_on", "pk"
    ):
        latest[episode.patient_id] = episode
    candidates = [r for r in records if r.pk in latest] or records
    return [(r, latest.get(r.pk)) for r in candidates]


@login_required
def pain_diary(request):
    """Log the day's pain, and see the entries of the last weeks. A patient with records at
    several clinics, where it cannot be told which is meant, chooses the clinic."""
    records = my_records(request)
    targets = diary_targets(records)
    choices = None
    if len(targets) > 1:
        episodes = {r.pk: e for r, e in targets if e is not None}
        choices = record_choices([r for r, _ in targets], episodes)
    form = DiaryForm(request.POST if request.method == "POST" else None, record_choices=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = data.get("record")
        patient, episode = next((r, e) for r, e in targets if chosen is None or str(r.pk) == chosen)
        try:
            entry = diary.record(patient, episode, data["recorded_on"], data["pain"], data["note"])
        except diary.DiaryError as error:
            form.add_error("recorded_on", str(error))
        else:
            log.record(request, Action.CREATE, entry)
            messages.success(
                request, f"Saved: pain {entry.pain}/10 on {entry.recorded_on:%-d %B}. Thank you."
            )
            return redirect("portal:diary")
    entries = list(
        PainDiaryEntry.objects.filter(patient__in=records).select_related("clinic")[:RECENT_DIARY]
    )
    for record in records:
        log.record(request, Action.LIST, record, detail={"page": "pain diary"})
    today = PainDiaryEntry.objects.filter(
        patient__in=records, recorded_on=timezone.localdate()
    ).first()
    context = {"form": form, "entries": entries, "today": today, "several": len(records) > 1}
    return render(request, "portal/diary.html", context)
