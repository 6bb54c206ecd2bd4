"""Every resource type's output is valid FHIR R4 (fhir.resources R4B models) for edge cases:
optional fields empty, unicode text, amended notes, discharged episodes, withdrawn consents,
records pointing at knowledge-base entries that no longer exist, staff with no name or no
longer in the clinic. And a property test: the builders make valid resources from any text a
free-text column can hold."""

import json
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.test import SimpleTestCase
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from taut.accounts.models import User
from taut.clinics.models import Membership
from taut.clinics.roles import Role
from taut.exams.models import PalpationFinding
from taut.fhir import adverse_events, careplans, documents, patients, questionnaires
from taut.fhir.base import person
from taut.fhir.bulk import write_ndjson
from taut.fhir.bundle import everything_bundle
from taut.fhir.export import RESOURCE_TYPES, Scope, resources
from taut.fhir.validate import MODELS, validate
from taut.measures.models import QuestionnaireResponse
from taut.notes.models import ClinicalNote, NoteStatus
from taut.treatment.models import AdverseEvent, Needling
from tests.base import ClinicTestCase
from tests.episodes.factories import make_consent, make_consent_text
from tests.exams.factories import make_assessment, make_episode, make_intake
from tests.factories import make_patient
from tests.fhir.base import make_plan, make_record
from tests.measures.factories import make_rom
from tests.treatment.factories import make_session

UNICODE = "Zoë Ñúñez-Ødegård 李雷 شارع 🏥"


def edge_record(patient, clinician, former):
    """A record of edge cases: a discharged episode; an intake with no drawing and one whose
    drawing names a region the atlas lacks, no intensity and an unknown quality; a session
    with no pain after and no needling but an adverse event; a session needling with a trigger
    point; ROM with no normal; a palpated point the knowledge base lacks; unicode notes, one
    amended by a former colleague; a consent witnessed by a nameless colleague; plans with
    nothing optional; an ACR 2016 response with decimal and blank answers."""
    episode = make_episode(patient, clinician, title=UNICODE)
    episode.discharged_on = date.today()
    episode.save()
    make_intake(episode, clinician, drawing=[])
    make_intake(episode, clinician, drawing=[{"id": "no_such_region", "intensity": 3},
                                             {"id": "temple_r", "quality": "itching"}])  # fmt: skip
    assessment = make_assessment(episode, clinician)
    make_rom(assessment, normal=None)
    PalpationFinding.objects.create(assessment=assessment, trigger_point="retired_tp9",
                                    side="bilateral")  # fmt: skip
    quiet = make_session(episode, clinician, pain_after=None)
    AdverseEvent.objects.create(session=quiet, kind="headache", severity="moderate",
                                details=UNICODE, action_taken="")  # fmt: skip
    needled = make_session(episode, former)
    Needling.objects.create(session=needled, muscle="upper_trapezius", side="right",
                            trigger_point="upper_trapezius_tp1", technique="static",
                            needle_length_mm=Decimal("13"), needle_gauge_mm=Decimal("0.16"),
                            insertions=0, twitch_responses=0)  # fmt: skip
    note = ClinicalNote.objects.create(
        clinic=patient.clinic, patient=patient, author=former, session=needled, title="",
        text=UNICODE, status=NoteStatus.SIGNED, signed_at=timezone.now(),
    )  # fmt: skip
    ClinicalNote.objects.create(
        clinic=patient.clinic, patient=patient, author=clinician, amends=note, title=UNICODE,
        text=" ", status=NoteStatus.SIGNED, signed_by=former, signed_at=timezone.now(),
    )  # fmt: skip
    nameless = User.objects.create(username="nameless")
    Membership.objects.create(user=nameless, clinic=patient.clinic, role=Role.CLINICIAN)
    wording = make_consent_text(patient.clinic, version="2026-ü", text=UNICODE)
    make_consent(episode, wording, nameless, withdrawn_at=timezone.now() + timedelta(hours=1))
    make_plan(episode, former, 1)
    make_plan(episode, clinician, 2, notes=UNICODE, goals=[{"text": UNICODE}, {}],
              needling_targets=[{}])  # fmt: skip
    QuestionnaireResponse.objects.create(
        clinic=patient.clinic, episode=episode, patient=patient, instrument="acr2016",
        answers={"areas": [UNICODE, " "], "fatigue": 1.5, "waking": None}, score=3,
        answered_at=timezone.now(), entered_by=former, source="paper",
    )  # fmt: skip


class EdgeCaseTests(ClinicTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.former = User.objects.create(
            username="gone", first_name="Former", last_name="Colleague"
        )
        cls.unicode = make_patient(cls.clinic, UNICODE, "Ødegård", preferred_name="李雷",
                                   chart_number="Ü-7", address="شارع 1\n\n🏥 Clinic",
                                   emergency_contact=UNICODE, email="zoe@example.org")  # fmt: skip
        edge_record(cls.unicode, cls.alice, cls.former)
        make_record(make_patient(cls.clinic, "Ada", "Lovelace"), cls.alice)
        cls.bare = make_patient(cls.clinic, "B", "")  # nothing optional, no records

    def test_every_resource_of_every_type_validates(self):
        for kind in RESOURCE_TYPES:
            with self.subTest(kind):
                found = list(resources(Scope(self.clinic), kind, validate=False))
                self.assertTrue(found)
                for resource in found:
                    self.assertIsInstance(validate(resource), MODELS[kind])

    def test_each_patients_everything_bundle_validates(self):
        for patient in (self.unicode, self.bare, self.patient):
            validate(everything_bundle(patient, base="http://testserver/api/fhir"))

    def test_the_ndjson_keeps_unicode_as_utf8_and_validates_line_by_line(self):
        with tempfile.TemporaryDirectory() as folder:
            write_ndjson(Scope(self.clinic), Path(folder), validate="every")
            text = (Path(folder) / "Patient.ndjson").read_text(encoding="utf-8")
            for kind in RESOURCE_TYPES:
                for line in (Path(folder) / f"{kind}.ndjson").read_text().splitlines():
                    validate(json.loads(line))
        self.assertIn(UNICODE, text)

    def test_staff_without_a_name_or_no_longer_in_the_clinic_are_named(self):
        scope = Scope(self.clinic, self.unicode)
        (consent,) = resources(scope, "Consent")
        self.assertEqual(consent["extension"][0]["valueString"], "nameless")
        procedure = next(p for p in resources(scope, "Procedure") if "performer" in p)
        self.assertEqual(procedure["performer"], [{"actor": {"display": "Former Colleague"}}])

    def test_the_amended_note_and_its_addendum(self):
        docs = {d["id"]: d for d in resources(Scope(self.clinic, self.unicode),
                                              "DocumentReference")}  # fmt: skip
        addendum = next(d for d in docs.values() if "relatesTo" in d)
        note = docs[addendum["relatesTo"][0]["target"]["reference"].split("/")[1]]
        self.assertEqual(note["docStatus"], "amended")
        self.assertNotIn("description", note)  # its title is blank
        self.assertNotIn("data", addendum["content"][0]["attachment"])  # its text is blank
        self.assertEqual(addendum["authenticator"], {"display": "Former Colleague"})

    def test_a_patient_with_nothing_optional(self):
        (bare,) = (p for p in resources(Scope(self.clinic, self.bare), "Patient"))
        self.assertEqual(set(bare), {"resourceType", "id", "meta", "identifier", "active",
                                     "gender", "birthDate", "name"})  # fmt: skip
        for kind in RESOURCE_TYPES[1:]:
            self.assertEqual(list(resources(Scope(self.clinic, self.bare), kind)), [])


# Any text a free-text column can hold (the database holds no lone surrogates).
TEXT = st.text(max_size=40)
MOMENT = st.datetimes(min_value=timezone.datetime(1900, 1, 1),
                      timezones=st.just(timezone.get_fixed_timezone(0)))  # fmt: skip
STAFF = st.builds(person, TEXT, TEXT, st.text(min_size=1, max_size=20).filter(str.strip))


class PropertyTests(SimpleTestCase):
    """The builders are plain functions of rows: any stored text gives a valid resource."""

    @given(row=st.fixed_dictionaries({
        "id": st.integers(1), "uuid": st.uuids(), "given_name": TEXT, "family_name": TEXT,
        "preferred_name": TEXT, "date_of_birth": st.dates(date(1900, 1, 1)),
        "sex": st.sampled_from(["female", "male", "other", "unknown"]), "chart_number": TEXT,
        "phone": TEXT, "email": TEXT, "address": TEXT, "emergency_contact": TEXT,
        "updated_at": MOMENT, "archived_at": st.none() | MOMENT,
    }), external=st.lists(st.tuples(TEXT, TEXT), max_size=3))  # fmt: skip
    def test_any_patient(self, row, external):
        validate(patients.patient_resource(row, "https://example.org/sid/chart", external))

    @given(title=TEXT, text=TEXT, amends=st.none() | st.integers(1),
           session=st.none() | st.integers(1), at=MOMENT, author=STAFF, signer=STAFF,
           amended=st.booleans())  # fmt: skip
    def test_any_note(self, title, text, amends, session, at, author, signer, amended):
        row = {"id": 1, "title": title, "text": text, "written_at": at, "signed_at": at,
               "amends_id": amends}  # fmt: skip
        validate(documents.note_reference(row, "p", author, signer, session_id=session,
                                          amended=amended))  # fmt: skip

    @given(details=TEXT, action=TEXT, kind=st.sampled_from(sorted(adverse_events.KINDS)),
           needled=st.booleans(), at=MOMENT)  # fmt: skip
    def test_any_adverse_event(self, details, action, kind, needled, at):
        row = {"id": 1, "session_id": 2, "kind": kind, "severity": "mild", "details": details,
               "action_taken": action, "performed_at": at, "needled": needled}  # fmt: skip
        validate(adverse_events.adverse_event_resource(row, "p"))

    @given(notes=TEXT, goals=st.lists(st.fixed_dictionaries({"text": TEXT}), max_size=3),
           targets=st.lists(st.fixed_dictionaries({"trigger_point": TEXT, "muscle": TEXT,
                                                   "side": TEXT}), max_size=3),
           names=st.lists(TEXT, max_size=3), version=st.integers(1, 5), author=STAFF,
           current=st.booleans(), episode_open=st.booleans(), at=MOMENT)  # fmt: skip
    def test_any_care_plan(self, notes, goals, targets, names, version, author, current,
                           episode_open, at):  # fmt: skip
        row = {"id": 9, "version": version, "visits": 6, "visits_per_week": 2,
               "reassess_after_visits": 3, "needling_targets": targets, "goals": goals,
               "notes": notes, "accepted_at": at}  # fmt: skip
        exercises = [{"name": n, "sets": 3, "repetitions": None, "hold_seconds": 0,
                      "times_per_day": 2} for n in names]  # fmt: skip
        validate(careplans.careplan_resource(row, "p", author, current=current,
                                             episode_open=episode_open, previous_id=8,
                                             exercises=exercises))  # fmt: skip

    @given(activities=st.lists(TEXT, max_size=4), scores=st.lists(st.integers(0, 10), max_size=4),
           areas=st.lists(TEXT, max_size=4), by=st.none() | STAFF, at=MOMENT)  # fmt: skip
    def test_any_questionnaire_answers(self, activities, scores, areas, by, at):
        for instrument, answers in (("psfs", {"items": scores, "activities": activities}),
                                    ("acr2016", {"areas": areas, "fatigue": 2})):  # fmt: skip
            row = {"id": 1, "instrument": instrument, "answers": answers, "answered_at": at,
                   "created_at": at, "by_patient": by is None}  # fmt: skip
            validate(questionnaires.questionnaire_response(row, "p", by))
