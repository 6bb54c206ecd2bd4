"""The clinic's records as FHIR resources, one generator per resource type.

Each generator reads plain rows (`values()`), streamed in chunks (`iterator`), and hands them
to its type's builder (the mapping modules); what the rows point to (patient uuids, staff
names, open episodes) is looked up once per export, so an export reads each table a fixed
number of times whatever the number of patients, and builds no model instances. The bulk
export and the one-patient Bundles ($everything, the download) use these same generators.
"""

from collections.abc import Callable, Iterator
from itertools import groupby

from django.db.models import Exists, F, Max, OuterRef, Q

from taut.accounts.models import NAME_FIELDS, User
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
from taut.fhir.base import person
from taut.fhir.codes import chart_number_system
from taut.fhir.models import ExternalIdentifier
from taut.fhir.since import changed_patients
from taut.fhir.validate import validate as check
from taut.intake.models import Intake
from taut.measures.models import QuestionnaireResponse
from taut.notes.models import ClinicalNote, NoteStatus
from taut.patients.models import Patient
from taut.plans.models import PlanExercise, TreatmentPlan
from taut.treatment.models import AdverseEvent, Needling, TreatmentSession

RESOURCE_TYPES = ("Patient", "Encounter", "Condition", "Procedure", "Observation",
                  "QuestionnaireResponse", "CarePlan", "AdverseEvent", "DocumentReference",
                  "Consent")  # fmt: skip
CHUNK = 2000


class Staff(dict):
    """User id → the `person` naming them. Holds the clinic's staff from the start; anyone
    else a record names (a former member) is read when first needed, once."""

    def __init__(self, clinic):
        users = User.objects.filter(memberships__clinic=clinic).order_by().distinct()
        super().__init__((pk, person(*name)) for pk, *name in users.values_list("pk", *NAME_FIELDS))

    def __missing__(self, pk: int) -> dict:
        self[pk] = person(*User.objects.values_list(*NAME_FIELDS).get(pk=pk))
        return self[pk]


class Scope:
    """What to export: a clinic's records, one patient's, or (with `since`) those of the
    patients with a change after that time (taut/fhir/since.py). Holds the look-ups every
    resource type needs (patient uuids, open episodes, staff names)."""

    def __init__(self, clinic, patient=None, since=None):
        self.clinic, self.patient = clinic, patient
        self.changed = None if since is None else changed_patients(clinic, since)
        self.uuids = {pk: str(u) for pk, u in self.records(Patient).values_list("pk", "uuid")}
        episodes = self.records(Episode).filter(discharged_on__isnull=True)
        self.open_episodes = set(episodes.values_list("pk", flat=True))
        self.staff = Staff(clinic)

    def records(self, model, via: str = ""):
        """`model`'s rows in scope; `via` is the path to the clinic record ("session__")."""
        lookup = {f"{via}clinic": self.clinic}
        if self.patient is not None:
            lookup[f"{via}patient" if model is not Patient else "pk"] = self.patient.pk
        if self.changed is not None:
            lookup[f"{via}patient__in" if model is not Patient else "pk__in"] = self.changed
        return model.objects.filter(**lookup)


def stream(rows, *fields, **expressions) -> Iterator[dict]:
    """`rows` as dicts of `fields` (and named expressions), read in chunks."""
    return rows.values(*fields, **expressions).iterator(CHUNK)


def with_children(parents: Iterator[dict], children: Iterator[dict], key: str):
    """(parent, [its children]) for each parent row. `children` name their parent's id in
    `key` and come in their parents' order, so both are read side by side."""
    child = next(children, None)
    for parent in parents:
        mine = []
        while child is not None and child[key] == parent["id"]:
            mine.append(child)
            child = next(children, None)
        yield parent, mine


def patient_rows(scope: Scope) -> Iterator[dict]:
    rows = scope.records(Patient).order_by("pk")
    external = ExternalIdentifier.objects.filter(patient__in=rows.values("pk"))
    pairs = with_children(stream(rows, *patients.FIELDS),
                          stream(external.order_by("patient_id", "pk"), "patient_id", "system",
                                 "value"), "patient_id")  # fmt: skip
    system = chart_number_system(scope.clinic.slug)
    for row, ids in pairs:
        yield patients.patient_resource(row, system, [(i["system"], i["value"]) for i in ids])


def encounter_rows(scope: Scope) -> Iterator[dict]:
    uuids, staff = scope.uuids, scope.staff
    for row in stream(scope.records(Assessment).order_by("pk"), *encounters.FIELDS):
        yield encounters.assessment_encounter(row, uuids[row["patient_id"]],
                                              staff[row["clinician_id"]])  # fmt: skip
    for row in stream(scope.records(TreatmentSession).order_by("pk"), *encounters.FIELDS):
        yield encounters.session_encounter(row, uuids[row["patient_id"]],
                                           staff[row["clinician_id"]])  # fmt: skip


def condition_rows(scope: Scope) -> Iterator[dict]:
    rows = stream(scope.records(Diagnosis, "assessment__").order_by("pk"), "id", "code",
                  "assessment_id", patient_id=F("assessment__patient_id"),
                  performed_at=F("assessment__performed_at"),
                  episode_id=F("assessment__episode_id"))  # fmt: skip
    for row in rows:
        yield conditions.condition_resource(row, scope.uuids[row["patient_id"]],
                                            row["episode_id"] in scope.open_episodes)  # fmt: skip


def procedure_rows(scope: Scope) -> Iterator[dict]:
    """Each session with needling (in session order), then each muscle needled in it."""
    rows = stream(scope.records(Needling, "session__").order_by("session_id", "pk"),
                  *procedures.FIELDS, performed_at=F("session__performed_at"),
                  patient_id=F("session__patient_id"),
                  clinician_id=F("session__clinician_id"))  # fmt: skip
    for _, session in groupby(rows, key=lambda row: row["session_id"]):
        needlings = list(session)
        first = needlings[0]
        uuid = scope.uuids[first["patient_id"]]
        yield procedures.session_procedure(first, uuid, procedures.cpt_code(needlings),
                                           scope.staff[first["clinician_id"]])  # fmt: skip
        for row in needlings:
            yield procedures.needling_procedure(row, uuid)


def observation_rows(scope: Scope) -> Iterator[dict]:
    uuids = scope.uuids
    for row in stream(scope.records(Intake).order_by("pk"), *observations.INTAKE_FIELDS):
        yield from observations.intake_observations(row, uuids[row["patient_id"]])
    sessions = scope.records(TreatmentSession).order_by("pk")
    for row in stream(sessions, *observations.SESSION_FIELDS):
        yield from observations.session_observations(row, uuids[row["patient_id"]])
    yield from rom_rows(scope)
    yield from palpation_rows(scope)
    for row in stream(scope.records(QuestionnaireResponse).order_by("pk"),
                      *observations.SCORE_FIELDS):  # fmt: skip
        yield observations.score_observation(row, uuids[row["patient_id"]])


def rom_rows(scope: Scope) -> Iterator[dict]:
    """Ranges of motion measured at an assessment or in a session."""

    def owned(via: str):
        lookup = Q(**{f"{via}__clinic": scope.clinic})
        if scope.patient is not None:
            lookup &= Q(**{f"{via}__patient": scope.patient})
        if scope.changed is not None:
            lookup &= Q(**{f"{via}__patient__in": scope.changed})
        return lookup

    rows = RangeOfMotion.objects.filter(owned("assessment") | owned("session")).order_by("pk")
    for row in stream(rows, *observations.ROM_FIELDS, "assessment_id", "session_id",
                      assessment_patient=F("assessment__patient_id"),
                      assessment_at=F("assessment__performed_at"),
                      session_patient=F("session__patient_id"),
                      session_at=F("session__performed_at")):  # fmt: skip
        kind = "assessment" if row["assessment_id"] else "session"
        encounter = {"reference": f"Encounter/{kind}-{row[f'{kind}_id']}"}
        yield observations.rom_observation(row, scope.uuids[row[f"{kind}_patient"]],
                                           row[f"{kind}_at"], encounter)  # fmt: skip


def palpation_rows(scope: Scope) -> Iterator[dict]:
    rows = stream(scope.records(PalpationFinding, "assessment__").order_by("pk"),
                  *observations.PALPATION_FIELDS, patient_id=F("assessment__patient_id"),
                  performed_at=F("assessment__performed_at"),
                  clinician_id=F("assessment__clinician_id"))  # fmt: skip
    for row in rows:
        yield observations.palpation_observation(row, scope.uuids[row["patient_id"]],
                                                 row["performed_at"],
                                                 scope.staff[row["clinician_id"]])  # fmt: skip


def questionnaire_rows(scope: Scope) -> Iterator[dict]:
    rows = stream(scope.records(QuestionnaireResponse).order_by("pk"), *questionnaires.FIELDS)
    for row in rows:
        by = None if row["by_patient"] else scope.staff[row["entered_by_id"]]
        yield questionnaires.questionnaire_response(row, scope.uuids[row["patient_id"]], by)


def careplan_rows(scope: Scope) -> Iterator[dict]:
    """Plan versions episode by episode, oldest first, so each knows the one it replaced."""
    plans = scope.records(TreatmentPlan)
    newest = dict(
        plans.values_list("episode").annotate(v=Max("version")).values_list("episode", "v")
    )
    exercises = (PlanExercise.objects.filter(plan__in=plans.values("pk"))
                 .order_by("plan__episode", "plan__version", "position", "pk"))  # fmt: skip
    pairs = with_children(stream(plans.order_by("episode", "version"), *careplans.FIELDS),
                          stream(exercises, *careplans.EXERCISE_FIELDS), "plan_id")  # fmt: skip
    previous: dict[int, int] = {}
    for row, its_exercises in pairs:
        episode = row["episode_id"]
        yield careplans.careplan_resource(
            row, scope.uuids[row["patient_id"]], scope.staff[row["accepted_by_id"]],
            current=row["version"] == newest[episode],
            episode_open=episode in scope.open_episodes, previous_id=previous.get(episode),
            exercises=its_exercises,
        )  # fmt: skip
        previous[episode] = row["id"]


def adverse_event_rows(scope: Scope) -> Iterator[dict]:
    needled = Exists(Needling.objects.filter(session=OuterRef("session")))
    rows = stream(scope.records(AdverseEvent, "session__").order_by("pk"),
                  *adverse_events.FIELDS, performed_at=F("session__performed_at"),
                  patient_id=F("session__patient_id"), needled=needled)  # fmt: skip
    for row in rows:
        yield adverse_events.adverse_event_resource(row, scope.uuids[row["patient_id"]])


def document_rows(scope: Scope) -> Iterator[dict]:
    """Signed notes only: a draft is not yet part of the record."""
    signed = scope.records(ClinicalNote).filter(status=NoteStatus.SIGNED)
    addenda = ClinicalNote.objects.filter(amends=OuterRef("pk"), status=NoteStatus.SIGNED)
    rows = stream(signed.order_by("pk"), *documents.FIELDS, "session_id",
                  amended=Exists(addenda), note_session=F("amends__session_id"))  # fmt: skip
    for row in rows:
        # An addendum belongs to the visit of the note it amends.
        session_id = row["note_session"] if row["amends_id"] else row["session_id"]
        author = scope.staff[row["author_id"]]
        signer = scope.staff[row["signed_by_id"]] if row["signed_by_id"] else author
        yield documents.note_reference(row, scope.uuids[row["patient_id"]], author, signer,
                                       session_id=session_id, amended=row["amended"])  # fmt: skip


def consent_rows(scope: Scope) -> Iterator[dict]:
    rows = stream(scope.records(Consent).order_by("pk"), *consents.FIELDS,
                  version=F("text__version"), wording=F("text__text"))  # fmt: skip
    for row in rows:
        witness = scope.staff[row["witnessed_by_id"]]["display"]
        yield consents.consent_resource(row, scope.uuids[row["patient_id"]], scope.clinic.name,
                                        witness)  # fmt: skip


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
