"""What `_since` of a bulk export is compared against: the patients with a change after it.

Taut's records keep their change times in different places: the edited clinical records
(patients, assessments with their diagnoses, palpation findings and ranges of motion,
sessions with their needlings and adverse events) keep every saved version with its time
(django-simple-history); the records that are only ever added (intakes, stamped when saved,
questionnaire responses, plan versions, imported identifiers, signed notes, consents) keep when
they were made; an intake and a consent also when withdrawn, an episode the day it was
discharged. A patient is *changed since T* when any of these times is after T.

An export with `_since` holds every resource of each changed patient, whether or not that
resource itself changed: so a client can replace what it holds about those patients, including
resources derived from several records (a Condition's clinical status follows its episode; a
CarePlan's status follows the plan's newer versions). Every resource changed after T is in it.
"""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from taut.episodes.models import Consent, Episode
from taut.exams.models import Assessment, Diagnosis, PalpationFinding, RangeOfMotion
from taut.fhir.models import ExternalIdentifier
from taut.intake.models import Intake
from taut.measures.models import QuestionnaireResponse
from taut.notes.models import ClinicalNote
from taut.patients.models import Patient
from taut.plans.models import TreatmentPlan
from taut.treatment.models import AdverseEvent, Needling, TreatmentSession


def changed_patients(clinic, since: datetime) -> QuerySet:
    """The pks of `clinic`'s patients with a record created or changed after `since`, as a
    subquery (never a list in memory, however many patients changed)."""
    after = {"history_date__gt": since}
    sources = [
        Patient.history.filter(clinic=clinic, **after).values("id"),
        ExternalIdentifier.objects.filter(clinic=clinic, imported_at__gt=since).values("patient"),
        # The discharge view stores the clinic's local date: compare by day, which may include
        # an episode discharged earlier on the same day as `since`.
        Episode.objects.filter(clinic=clinic, discharged_on__gte=timezone.localdate(since))
        .values("patient"),
        Intake.with_withdrawn.filter(clinic=clinic)
        .filter(Q(recorded_at__gt=since) | Q(withdrawn_at__gt=since))
        .values("patient"),
        Assessment.history.filter(clinic=clinic, **after).values("patient"),
        TreatmentSession.history.filter(clinic=clinic, **after).values("patient"),
        Diagnosis.history.filter(assessment__clinic=clinic, **after).values("assessment__patient"),
        PalpationFinding.history.filter(assessment__clinic=clinic, **after)
        .values("assessment__patient"),
        RangeOfMotion.history.filter(assessment__clinic=clinic, **after)
        .values("assessment__patient"),
        RangeOfMotion.history.filter(session__clinic=clinic, **after).values("session__patient"),
        Needling.history.filter(session__clinic=clinic, **after).values("session__patient"),
        AdverseEvent.history.filter(session__clinic=clinic, **after).values("session__patient"),
        QuestionnaireResponse.objects.filter(clinic=clinic, created_at__gt=since)
        .values("patient"),
        TreatmentPlan.objects.filter(clinic=clinic, accepted_at__gt=since).values("patient"),
        # Exported notes are signed ones (an addendum is a signed note of its own); consents
        # change when given or withdrawn.
        ClinicalNote.objects.filter(clinic=clinic, signed_at__gt=since).values("patient"),
        Consent.objects.filter(clinic=clinic)
        .filter(Q(given_at__gt=since) | Q(withdrawn_at__gt=since))
        .values("patient"),
    ]  # fmt: skip
    changed = Q()
    for source in sources:
        changed |= Q(pk__in=source)
    return Patient.objects.filter(clinic=clinic).filter(changed).values("pk")
