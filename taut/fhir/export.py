"""The clinic's records as FHIR resources, one generator per resource type.

Queries stream (`iterator`) with their related rows fetched up front, so a bulk export reads
each table a handful of times whatever the number of patients.
"""

from collections.abc import Callable, Iterator

from django.db.models import Max, Q

from taut.episodes.models import Consent, Episode
from taut.exams.models import Assessment, Diagnosis, PalpationFinding, RangeOfMotion
from taut.fhir import (
    adverse_events,
    careplans,
    conditions,
    consents,
    documents,
    encounters,
    observations,
    patients,
    procedures,
    questionnaires,
)
from taut.fhir.since import changed_patients
from taut.fhir.validate import validate as check
from taut.intake.models import Intake
from taut.measures.models import QuestionnaireResponse
from taut.notes.models import ClinicalNote, NoteStatus
from taut.patients.models import Patient
from taut.plans.models import TreatmentPlan
from taut.treatment.models import AdverseEvent, Needling, TreatmentSession

RESOURCE_TYPES = ("Patient", "Encounter", "Condition", "Procedure", "Observation",
                  "QuestionnaireResponse", "CarePlan", "AdverseEvent", "DocumentReference",
                  "Consent")  # fmt: skip
CHUNK = 2000


class Scope:
    """What to export: a clinic's records, one patient's, or (with `since`) those of the
    patients with a change after that time (taut/fhir/since.py). Holds the look-ups every
    resource type needs (patient uuids, open episodes)."""

    def __init__(self, clinic, patient=None, since=None):
        self.clinic, self.patient = clinic, patient
        self.changed = None if since is None else changed_patients(clinic, since)
        patients_ = Patient.objects.filter(clinic=clinic)
        episodes = Episode.objects.filter(clinic=clinic)
        if patient is not None:
            patients_, episodes = patients_.filter(pk=patient.pk), episodes.filter(patient=patient)
        if self.changed is not None:
            patients_ = patients_.filter(pk__in=self.changed)
            episodes = episodes.filter(patient__in=self.changed)
        self.uuids = {pk: str(u) for pk, u in patients_.values_list("pk", "uuid")}
        self.open_episodes = set(
            episodes.filter(discharged_on__isnull=True).values_list("pk", flat=True)
        )

    def records(self, model, via: str = ""):
        """`model`'s rows in scope; `via` is the path to the clinic record ("session__")."""
        lookup = {f"{via}clinic": self.clinic}
        if self.patient is not None:
            lookup[f"{via}patient" if model is not Patient else "pk"] = self.patient.pk
        if self.changed is not None:
            lookup[f"{via}patient__in" if model is not Patient else "pk__in"] = self.changed
        return model.objects.filter(**lookup)


def patient_rows(scope: Scope) -> Iterator[dict]:
    rows = scope.records(Patient).prefetch_related("external_identifiers").order_by("pk")
    for p in rows.iterator(chunk_size=CHUNK):
        yield patients.patient_resource(p, scope.clinic.slug, p.external_identifiers.all())


def encounter_rows(scope: Scope) -> Iterator[dict]:
    # The stored differential (a large JSON column) is not exported: not read either.
    assessments = scope.records(Assessment).select_related("clinician").defer("differential")
    for a in assessments.order_by("pk").iterator(CHUNK):
        yield encounters.assessment_encounter(a, scope.uuids[a.patient_id])
    sessions = scope.records(TreatmentSession).select_related("clinician").order_by("pk")
    for s in sessions.iterator(CHUNK):
        yield encounters.session_encounter(s, scope.uuids[s.patient_id])


def condition_rows(scope: Scope) -> Iterator[dict]:
    rows = scope.records(Diagnosis, "assessment__").select_related("assessment").order_by("pk")
    for d in rows.iterator(CHUNK):
        a = d.assessment
        yield conditions.condition_resource(d, a, scope.uuids[a.patient_id],
                                            a.episode_id in scope.open_episodes)  # fmt: skip


def procedure_rows(scope: Scope) -> Iterator[dict]:
    sessions = (scope.records(TreatmentSession).select_related("clinician")
                .prefetch_related("needlings").order_by("pk"))  # fmt: skip
    for s in sessions.iterator(CHUNK):
        needlings = list(s.needlings.all())
        if not needlings:
            continue
        uuid = scope.uuids[s.patient_id]
        yield procedures.session_procedure(s, uuid, s.cpt_code())
        for n in needlings:
            yield procedures.needling_procedure(n, s, uuid)


def observation_rows(scope: Scope) -> Iterator[dict]:
    for i in scope.records(Intake).order_by("pk").iterator(CHUNK):
        yield from observations.intake_observations(i, scope.uuids[i.patient_id])
    for s in scope.records(TreatmentSession).order_by("pk").iterator(CHUNK):
        yield from observations.session_observations(s, scope.uuids[s.patient_id])
    yield from rom_rows(scope)
    yield from palpation_rows(scope)
    for r in scope.records(QuestionnaireResponse).order_by("pk").iterator(CHUNK):
        yield observations.score_observation(r, scope.uuids[r.patient_id])


def rom_rows(scope: Scope) -> Iterator[dict]:
    def owned(via: str):
        lookup = Q(**{f"{via}__clinic": scope.clinic})
        if scope.patient is not None:
            lookup &= Q(**{f"{via}__patient": scope.patient})
        if scope.changed is not None:
            lookup &= Q(**{f"{via}__patient__in": scope.changed})
        return lookup

    rows = (RangeOfMotion.objects.filter(owned("assessment") | owned("session"))
            .select_related("assessment", "session").order_by("pk"))  # fmt: skip
    for rom in rows.iterator(CHUNK):
        owner = rom.assessment or rom.session
        kind = "assessment" if rom.assessment_id else "session"
        encounter = {"reference": f"Encounter/{kind}-{owner.pk}"}
        yield observations.rom_observation(rom, scope.uuids[owner.patient_id],
                                           owner.performed_at, encounter)  # fmt: skip


def palpation_rows(scope: Scope) -> Iterator[dict]:
    rows = (scope.records(PalpationFinding, "assessment__")
            .select_related("assessment__clinician").order_by("pk"))  # fmt: skip
    for f in rows.iterator(CHUNK):
        yield observations.palpation_observation(
            f, f.assessment, scope.uuids[f.assessment.patient_id]
        )


def questionnaire_rows(scope: Scope) -> Iterator[dict]:
    rows = scope.records(QuestionnaireResponse).select_related("entered_by").order_by("pk")
    for r in rows.iterator(CHUNK):
        yield questionnaires.questionnaire_response(r, scope.uuids[r.patient_id])


def careplan_rows(scope: Scope) -> Iterator[dict]:
    plans = scope.records(TreatmentPlan)
    newest = dict(
        plans.values_list("episode").annotate(v=Max("version")).values_list("episode", "v")
    )
    previous: dict[int, int] = {}
    # The proposal a plan was accepted from (a large JSON column) is not exported: not read.
    rows = (plans.select_related("accepted_by").prefetch_related("exercises").defer("proposal")
            .order_by("episode", "version"))  # fmt: skip
    for plan in rows.iterator(CHUNK):
        plan.previous_id = previous.get(plan.episode_id)
        previous[plan.episode_id] = plan.pk
        yield careplans.careplan_resource(
            plan, scope.uuids[plan.patient_id], current=plan.version == newest[plan.episode_id],
            episode_open=plan.episode_id in scope.open_episodes, exercises=plan.exercises.all(),
        )  # fmt: skip


def adverse_event_rows(scope: Scope) -> Iterator[dict]:
    needled = set(scope.records(Needling, "session__").values_list("session_id", flat=True))
    rows = scope.records(AdverseEvent, "session__").select_related("session").order_by("pk")
    for e in rows.iterator(CHUNK):
        yield adverse_events.adverse_event_resource(
            e, e.session, scope.uuids[e.session.patient_id], e.session_id in needled
        )


def document_rows(scope: Scope) -> Iterator[dict]:
    """Signed notes only: a draft is not yet part of the record."""
    signed = scope.records(ClinicalNote).filter(status=NoteStatus.SIGNED)
    amended = set(signed.filter(amends__isnull=False).values_list("amends", flat=True))
    rows = signed.select_related("author", "signed_by", "amends").order_by("pk")
    for n in rows.iterator(CHUNK):
        session_id = n.amends.session_id if n.amends_id else n.session_id
        yield documents.note_reference(n, scope.uuids[n.patient_id], session_id=session_id,
                                       amended=n.pk in amended)  # fmt: skip


def consent_rows(scope: Scope) -> Iterator[dict]:
    rows = scope.records(Consent).select_related("text", "witnessed_by").order_by("pk")
    for c in rows.iterator(CHUNK):
        yield consents.consent_resource(c, scope.uuids[c.patient_id], scope.clinic.name)


GENERATORS: dict[str, Callable[[Scope], Iterator[dict]]] = {
    "Patient": patient_rows,
    "Encounter": encounter_rows,
    "Condition": condition_rows,
    "Procedure": procedure_rows,
    "Observation": observation_rows,
    "QuestionnaireResponse": questionnaire_rows,
    "CarePlan": careplan_rows,
    "AdverseEvent": adverse_event_rows,
    "DocumentReference": document_rows,
    "Consent": consent_rows,
}


def resources(scope: Scope, kind: str, *, validate: bool = True) -> Iterator[dict]:
    """The scope's resources of one type, each checked against its fhir.resources model."""
    for resource in GENERATORS[kind](scope):
        if validate:
            check(resource)
        yield resource
