"""Every edit refuses a stale save. The URLconf and the API's router are walked: each route is
either an edit, with a check below that posts from an out-of-date version and finds nothing
overwritten, or is named with the reason it overwrites nothing. A new route that is neither
fails `test_every_route_is_accounted_for`."""

from django.urls import URLPattern, URLResolver, get_resolver

from taut.api.main import api
from taut.clinics.models import Clinic
from taut.clinics.versions import save_versioned
from taut.exams.models import Assessment, Diagnosis, PalpationFinding, RangeOfMotion
from taut.notes.models import NoteStatus
from taut.patients.models import Patient
from taut.plans.models import TreatmentPlan
from taut.treatment.models import TreatmentSession
from tests.exams.base import AssessmentTestCase
from tests.plans.factories import make_assessed_episode
from tests.plans.test_plan_pages import accept_data
from tests.treatment.factories import make_session, make_session_note, needling_row, session_data

# Routes that edit a stored record: each has a test_<name> below (":" as "_").
EDITS = {
    "patients:edit", "exams:finding_save", "exams:rom_add", "exams:diagnoses_save",
    "exams:note_save", "exams:finding_remove", "exams:rom_remove", "exams:sign", "treatment:edit",
    "treatment:note_save", "treatment:note_sign", "plans:edit", "plan_rules:edit",
    "schedule:type_edit", "schedule:clinic", "schedule:move", "norms:rom_norms", "norms:revert",
    "second_factor_policy",
    "invoices:lines_save", "invoices:fees", "invoices:settings", "invoices:coverage",
}  # fmt: skip
READS = "reads only"
CREATES = "creates a new record: nothing stored is overwritten"
ONE_WAY = "a one-way change of state, a no-op once made: nothing to overwrite"
NOT_RECORDS = "changes no clinical or patient record"
APPENDS = "writes the next version; every earlier one is kept"
SETS = "sets the state it names: repeating it changes nothing, and no other field"
# Honest gap (issue 15): the invoices' draft lines and billing settings are not versioned yet.
OTHERS = {
    "home": READS, "switch_clinic": NOT_RECORDS, "login": NOT_RECORDS, "logout": NOT_RECORDS,
    "password_change": NOT_RECORDS, "password_change_done": READS,
    "password_reset": NOT_RECORDS, "password_reset_done": READS,
    "password_reset_confirm": NOT_RECORDS, "password_reset_complete": READS,
    "patients:list": READS, "patients:create": CREATES, "patients:detail": READS,
    "patients:chart": READS, "patients:history": READS, "patients:archive": ONE_WAY,
    "patients:restore": ONE_WAY,
    "notes:create": CREATES, "notes:detail": READS,
    "episodes:list": READS, "episodes:create": CREATES, "episodes:detail": READS,
    "episodes:discharge": ONE_WAY, "episodes:consent": CREATES, "episodes:consent_text": CREATES,
    "episodes:consent_withdraw": ONE_WAY,
    "intake:create": CREATES, "intake:detail": READS, "intake:withdraw": ONE_WAY,
    "exams:create": CREATES, "exams:detail": READS, "exams:history": READS,
    "treatment:create": CREATES, "treatment:detail": READS, "treatment:history": READS,
    "treatment:note_addendum": CREATES,
    "measures:list": READS, "measures:create": CREATES, "measures:detail": READS,
    "measures:summary": READS, "measures:summary_pdf": READS,
    "plans:detail": READS, "plans:proposal": READS, "plans:version": READS,
    "program:page": READS, "program:pdf": READS, "progress:patient": READS,
    "reference:index": READS, "reference:muscle": READS, "reference:region": READS,
    "reference:exercises": READS, "reference:exercise": READS,
    "reference:differential": READS, "reference:differential_run": READS,
    "portal:home": READS, "portal:program": READS, "portal:program_pdf": READS,
    "portal:intake": CREATES, "portal:questionnaire": CREATES, "portal:diary": CREATES,
    "portal:intake_withdraw": ONE_WAY,
    "schedule:calendar": READS, "schedule:book": CREATES, "schedule:detail": READS,
    "schedule:cancel": ONE_WAY, "schedule:attendance": ONE_WAY,
    "schedule:requests": READS, "schedule:request": ONE_WAY, "schedule:types": CREATES,
    # the visit type's name, kind and length are edited at schedule:type_edit; offering it
    # or not is a button that names the state it sets
    "schedule:type_active": SETS, "schedule:clinic_logo": READS,
    "public:page": READS, "public:request": CREATES, "public:thanks": READS,
    "public:logo": READS, "fhir:patient_bundle": READS,
    # the page's POST answers a file or, for a large range, creates a background export;
    # its file is downloaded, or deleted before it expires, never edited
    "exports:index": CREATES,
    "exports:download": READS, "exports:delete": ONE_WAY,
    "audit_log": READS,
    "billing:export": READS, "outcomes:dashboard": READS, "plan_rules:reset": APPENDS,
    "api:tokens": CREATES, "api:token_revoke": ONE_WAY,
    "api:openapi-json": READS, "api:openapi-view": READS,
    # safety screening: each decision is a new record; the latest is the one in force
    "episodes:red_flags": CREATES,
    # second factors: a person's own login devices, no clinical or patient record
    "second_factor": READS, "second_factor_verify": NOT_RECORDS,
    "second_factor_app_add": NOT_RECORDS, "second_factor_app_confirm": NOT_RECORDS,
    "second_factor_codes": NOT_RECORDS, "second_factor_remove": NOT_RECORDS,
    "otp_webauthn:credential-authentication-begin": NOT_RECORDS,
    "otp_webauthn:credential-authentication-complete": NOT_RECORDS,
    "otp_webauthn:credential-registration-begin": NOT_RECORDS,
    "otp_webauthn:credential-registration-complete": NOT_RECORDS,
    "otp_webauthn:js-i18n-catalog": READS,
    # portal invitations and self-service booking
    "invitations:invite": CREATES, "invitations:print_code": CREATES,
    "invitations:resend": NOT_RECORDS, "invitations:revoke": ONE_WAY,
    "portal:code": NOT_RECORDS, "portal:join": NOT_RECORDS,
    "portal:appointments": READS, "portal:book": CREATES, "portal:cancel": ONE_WAY,
    "schedule:slots": CREATES, "schedule:slot_remove": ONE_WAY,
    "measures:from_paper": ONE_WAY,
    "wordings:list": APPENDS, "wordings:detail": READS, "wordings:template": READS,
    # invoices: a draft is made from a visit (or the visit's draft opened), lines, payments,
    # refunds and credit notes are added as rows of their own (a refund or credit note is
    # checked against what is left under the invoice's row lock); issuing and voiding are one
    # way (a voided invoice keeps its number, its correction is a new draft). Draft lines, the
    # fee schedule, the billing settings and payer details are edits, tested below.
    "invoices:home": READS, "invoices:from_session": CREATES, "invoices:detail": READS,
    "invoices:line_add": CREATES,
    "invoices:issue": ONE_WAY, "invoices:void": ONE_WAY, "invoices:pay": CREATES,
    "invoices:receipt": READS, "invoices:superbill": READS, "invoices:report": READS,
    "invoices:refund": CREATES, "invoices:credit": CREATES, "invoices:credit_note": READS,
    # the front desk's calendar (issue 19); the move and resize from the grid is schedule:move.
    # Working hours and waitlist entries are added and removed, never edited in place.
    "schedule:day_sheet": READS, "schedule:free": READS, "schedule:check_in": ONE_WAY,
    "schedule:start_visit": ONE_WAY, "schedule:hours": CREATES,
    "schedule:clinician_hours": CREATES, "schedule:hours_remove": ONE_WAY,
    "schedule:waitlist": READS, "schedule:waitlist_add": CREATES,
    "schedule:waitlist_remove": ONE_WAY, "schedule:feeds": READS,
    "schedule:feed_create": CREATES, "schedule:feed_revoke": ONE_WAY, "schedule:feed": READS,
}  # fmt: skip
API_EDITS = {"PATCH /v1/patients/{uuid}"}
API_OTHERS = {"POST": CREATES, "GET": READS}
# Named API routes that write and are no edit of a stored record.
API_NOTED = {"DELETE /v1/fhir/$export/{job}": "cancels a bulk export job: no clinical record"}


def routes(patterns=None, namespace=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            yield from routes(p.url_patterns, namespace + (f"{p.namespace}:" if p.namespace
                                                           else ""))  # fmt: skip
        elif isinstance(p, URLPattern) and p.name:
            yield namespace + p.name


def api_operations():
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for op in view.operations:
                for method in op.methods:
                    yield method, (prefix + path).replace("//", "/")


def test_every_route_is_accounted_for():
    names = {n for n in routes() if not n.startswith("api:") or n.count(":") == 1}
    web = {n for n in names if not n.startswith("api:") or n in OTHERS}
    unknown = sorted(n for n in web if n not in EDITS and n not in OTHERS)
    assert unknown == [], f"classify these routes (an edit needs its stale-save test): {unknown}"
    for name in EDITS:
        assert hasattr(StaleSaveTests, "test_" + name.replace(":", "_")), name


def test_every_api_write_is_accounted_for():
    unknown = []
    for method, path in api_operations():
        key = f"{method} /{path.strip('/')}"
        if key not in API_EDITS and key not in API_NOTED and method not in API_OTHERS:
            unknown.append(key)
    assert unknown == [], f"API writes without a stale-save test: {unknown}"
    for key in API_EDITS:
        assert hasattr(StaleSaveTests, "test_api_" + key.split()[0].lower() + "_patient"), key


class StaleSaveTests(AssessmentTestCase):
    """Each edit, posted from a version someone else has saved over meanwhile."""

    def setUp(self):
        self.login(self.alice)

    def moved_on(self, record, **changes):
        """Someone else saves `record` meanwhile."""
        for name, value in changes.items():
            setattr(record, name, value)
        save_versioned(record, record.version, list(changes))

    # --- patients -------------------------------------------------------------------------

    def test_patients_edit(self):
        patient = Patient.objects.get(pk=self.patient.pk)
        self.moved_on(patient, phone="+12025550199")
        data = {"given_name": "Grace", "family_name": "Hopper", "date_of_birth": "1980-05-17",
                "sex": "female", "phone": "+12025550111", "address": "1 Navy Way",
                "version": 1}  # fmt: skip
        self.login(self.bob)
        response = self.client.post(f"/patients/{self.patient.uuid}/edit/", data)
        assert response.status_code == 409
        patient.refresh_from_db()
        assert (patient.phone, patient.address, patient.version) == ("+12025550199", "", 2)

    def test_api_patch_patient(self):
        from taut.api.tokens import issue

        token = issue(self.bob, self.clinic, "test", scope="write")[1]
        self.moved_on(Patient.objects.get(pk=self.patient.pk), phone="+12025550199")
        response = self.client.patch(
            f"/api/v1/patients/{self.patient.uuid}", {"address": "1 Navy Way", "version": 1},
            content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}",
        )  # fmt: skip
        assert response.status_code == 409
        assert response.json()["current"]["phone"] == "+12025550199"
        assert Patient.objects.get(pk=self.patient.pk).address == ""

    # --- the assessment page --------------------------------------------------------------

    def stale_assessment_post(self, suffix, data):
        self.moved_on(Assessment.objects.get(pk=self.assessment.pk), findings_note="Theirs.")
        response = self.client.post(self.url(suffix), {**data, "version": 1})
        assert response.status_code == 409, suffix
        stored = Assessment.objects.get(pk=self.assessment.pk)
        assert (stored.findings_note, stored.version) == ("Theirs.", 2)
        return response

    def test_exams_finding_save(self):
        data = {"trigger_point": "upper_trapezius_tp1", "side": "right", "taut_band": "on"}
        response = self.stale_assessment_post("findings/", data)
        assert not PalpationFinding.objects.exists()
        assert "Theirs." in response.content.decode()

    def test_exams_rom_add(self):
        self.stale_assessment_post("rom/", {"rom-movement": "neck_flexion", "rom-degrees": "40"})
        assert not RangeOfMotion.objects.exists()

    def test_exams_diagnoses_save(self):
        self.stale_assessment_post("diagnoses/", {"codes": ["M79.12"]})
        assert not Diagnosis.objects.exists()

    def test_exams_note_save(self):
        response = self.stale_assessment_post("note/", {"findings_note": "Mine."})
        page = response.content.decode()
        assert "Mine." in page and "Theirs." in page and 'name="merge"' in page

    def stale_removal(self, suffix):
        self.moved_on(Assessment.objects.get(pk=self.assessment.pk), findings_note="Theirs.")
        response = self.client.post(self.url(suffix), {"version": 1}, follow=True)
        assert "Not removed" in response.content.decode()

    def test_exams_finding_remove(self):
        finding = PalpationFinding.objects.create(
            assessment=self.assessment, trigger_point="upper_trapezius_tp1", side="right"
        )
        self.stale_removal(f"findings/{finding.pk}/remove/")
        assert PalpationFinding.objects.filter(pk=finding.pk).exists()

    def test_exams_sign(self):
        self.moved_on(Assessment.objects.get(pk=self.assessment.pk), findings_note="Theirs.")
        response = self.client.post(self.url("sign/"), {"version": 1}, follow=True)
        assert "Not signed" in response.content.decode()
        stored = Assessment.objects.get(pk=self.assessment.pk)
        assert (stored.is_signed, stored.version) == (False, 2)

    def test_exams_rom_remove(self):
        row = RangeOfMotion.objects.create(
            assessment=self.assessment, movement="neck_flexion", side="midline", degrees=40
        )
        self.stale_removal(f"rom/{row.pk}/remove/")
        assert RangeOfMotion.objects.filter(pk=row.pk).exists()

    # --- sessions and their notes ---------------------------------------------------------

    def session_url(self, session, suffix):
        base = f"/patients/{self.patient.uuid}/episodes/{self.episode.pk}/sessions/"
        return f"{base}{session.pk}/{suffix}"

    def test_treatment_edit(self):
        session = make_session(self.episode, self.alice, needled=[("temporalis", "left")])
        make_session_note(session, NoteStatus.SIGNED)
        self.moved_on(TreatmentSession.objects.get(pk=session.pk), comments="Theirs.")
        # the needling as recorded (this episode has no consent: none could be added)
        data = session_data(needling=[needling_row("temporalis", "left")], version="1",
                            pain_before="8", reason="Wrong pain score")  # fmt: skip
        response = self.client.post(self.session_url(session, "edit/"), data)
        assert response.status_code == 409, response.context["entry"].problems()
        assert "someone else changed this session" in response.content.decode()
        stored = TreatmentSession.objects.get(pk=session.pk)
        assert (stored.comments, stored.pain_before) == ("Theirs.", 6)
        assert [n.muscle for n in stored.needlings.all()] == ["temporalis"]

    def stale_note(self, suffix):
        session = make_session(self.episode, self.alice, needled=["temporalis"])
        note = make_session_note(session)
        note.save_draft("Theirs.", version=1, by=self.bob)
        response = self.client.post(self.session_url(session, suffix),
                                    {"text": "Mine.", "version": 1})  # fmt: skip
        assert response.status_code == 409
        note.refresh_from_db()
        assert (note.text, note.status) == ("Theirs.", NoteStatus.DRAFT)

    def test_treatment_note_save(self):
        self.stale_note("note/")

    def test_treatment_note_sign(self):
        self.stale_note("note/sign/")

    # --- plans -----------------------------------------------------------------------------

    def test_plans_edit(self):
        episode = make_assessed_episode(self.patient, self.alice, pain=7, weeks=10,
                                        active=("upper_trapezius_tp1",))  # fmt: skip
        stale = accept_data(episode)  # opened before someone accepted version 1
        url = f"/patients/{self.patient.uuid}/episodes/{episode.pk}/plan/edit/"
        assert self.client.post(url, accept_data(episode, visits=6)).status_code == 302
        response = self.client.post(url, stale, follow=True)
        assert "Nothing was saved" in response.content.decode()
        assert list(TreatmentPlan.objects.values_list("version", "visits")) == [(1, 6)]

    def test_plan_rules_edit(self):
        from taut.planning.rules import default_text
        from taut.plans import clinic_rules

        self.login(self.carol)
        clinic_rules.save(self.clinic, default_text(), self.carol, based_on=0)
        stale = {"text": default_text(), "based_on": 0}
        response = self.client.post("/clinic/plan-rules/", stale, follow=True)
        assert "nothing was saved" in response.content.decode()
        assert clinic_rules.latest(self.clinic).version == 1

    # --- clinic administration -------------------------------------------------------------

    def test_schedule_type_edit(self):
        from taut.scheduling.models import AppointmentType
        from tests.scheduling.factories import make_type

        kind = make_type(self.clinic, minutes=45)
        self.moved_on(kind, minutes=60)
        self.login(self.carol)
        data = {"name": kind.name, "kind": kind.kind, "minutes": "30", "version": 1}
        response = self.client.post(f"/schedule/types/{kind.pk}/", data)
        assert response.status_code == 409
        assert AppointmentType.objects.get(pk=kind.pk).minutes == 60

    def test_schedule_clinic(self):
        clinic = Clinic.objects.get(pk=self.clinic.pk)
        self.moved_on(clinic, about="Theirs.")
        self.login(self.carol)
        data = {"name": clinic.name, "about": "Mine.", "version": 1}
        response = self.client.post("/schedule/clinic/", data)
        assert response.status_code == 409
        assert Clinic.objects.get(pk=self.clinic.pk).about == "Theirs."

    def test_schedule_move(self):
        from datetime import timedelta

        from django.utils import timezone

        from taut.scheduling.models import Appointment
        from tests.scheduling.factories import make_appointment, make_type

        starts = (timezone.localtime() + timedelta(days=3)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
        visit = make_appointment(self.patient, self.alice, make_type(self.clinic), starts)
        Appointment.objects.filter(pk=visit.pk).update(version=2)  # moved by someone meanwhile
        self.login(self.bob)
        data = {
            "clinician": self.alice.pk,
            "date": (starts + timedelta(days=1)).date(),
            "time": "11:00",
            "version": 1,
        }
        response = self.client.post(f"/schedule/appointments/{visit.pk}/move/", data)
        assert response.status_code == 409
        assert "Not moved" in response.content.decode()
        assert Appointment.objects.get(pk=visit.pk).starts_at == starts
        # a resize (issue 19: the grid's drag of the lower edge) goes through the same check
        data |= {"date": starts.date(), "time": "10:00", "minutes": 90}
        response = self.client.post(f"/schedule/appointments/{visit.pk}/move/", data)
        assert response.status_code == 409
        assert Appointment.objects.get(pk=visit.pk).ends_at == visit.ends_at

    def test_norms_rom_norms(self):
        from taut.exams.models import RomNorm

        norm = RomNorm.objects.create(clinic=self.clinic, movement="neck_flexion", degrees=50,
                                      source="Theirs")  # fmt: skip
        self.moved_on(norm, degrees=45)
        self.login(self.carol)
        data = {"movement": "neck_flexion", "degrees": "55", "source": "Mine", "version": 1}
        response = self.client.post("/clinic/rom-norms/", data)
        assert response.status_code == 409
        assert RomNorm.objects.values_list("degrees", "source").get() == (45, "Theirs")
        # a page that showed the default does not overwrite the value set meanwhile
        response = self.client.post("/clinic/rom-norms/", data | {"version": 0})
        assert response.status_code == 409

    def test_norms_revert(self):
        from taut.exams.models import RomNorm

        norm = RomNorm.objects.create(clinic=self.clinic, movement="neck_flexion", degrees=50,
                                      source="Theirs")  # fmt: skip
        self.moved_on(norm, degrees=45)
        self.login(self.carol)
        response = self.client.post("/clinic/rom-norms/neck_flexion/revert/", {"version": 1},
                                    follow=True)  # fmt: skip
        assert "not reverted" in response.content.decode()
        assert RomNorm.objects.get().degrees == 45

    def test_second_factor_policy(self):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from tests.accounts.test_second_factor import code_for

        clinic = Clinic.objects.get(pk=self.clinic.pk)
        self.moved_on(clinic, second_factor="all")
        self.login(self.carol)
        device = TOTPDevice.objects.create(user=self.carol, name="app")
        self.client.post("/login/verify/", {"code": code_for(device)})
        data = {"second_factor": "optional", "version": 1}
        response = self.client.post("/account/two-step/clinic/", data)
        assert response.status_code == 409
        assert Clinic.objects.get(pk=self.clinic.pk).second_factor == "all"

    # --- the money side ----------------------------------------------------------------------

    def test_invoices_lines_save(self):
        from taut.invoices.drafting import draft_from_session
        from taut.invoices.models import Invoice
        from taut.invoices.setup import add_known_services

        add_known_services(self.clinic, {"20560": 60, "97140": 35})
        session = make_session(self.episode, self.alice, needled=["temporalis"],
                               soft_tissue=["massage"])  # fmt: skip
        invoice, _ = draft_from_session(session, self.bob)
        self.login(self.bob)
        rows = list(invoice.lines.order_by("pk"))
        data = {"form-TOTAL_FORMS": 2, "form-INITIAL_FORMS": 2, "version": 1}
        for n, line in enumerate(rows):
            data |= {f"form-{n}-id": line.pk, f"form-{n}-description": line.description,
                     f"form-{n}-region": "", f"form-{n}-minutes": 12, f"form-{n}-units": 1,
                     f"form-{n}-unit_price": line.unit_price}  # fmt: skip
        # someone else saves 97140 at 20 minutes meanwhile (version 1 -> 2)
        theirs = {**data, "form-1-minutes": 20}
        assert self.client.post(f"/invoices/{invoice.pk}/lines/", theirs).status_code == 302
        response = self.client.post(f"/invoices/{invoice.pk}/lines/", data)
        assert response.status_code == 409
        assert "97140: 12 minutes" in response.content.decode()  # what was typed is shown
        assert invoice.lines.get(code="97140").minutes == 20
        assert Invoice.objects.get(pk=invoice.pk).version == 2

    def test_invoices_fees(self):
        from taut.invoices.models import Service

        service = Service.objects.create(
            clinic=self.clinic, code="20560", fee=60, description="Dry needling, 1-2 muscles"
        )
        self.moved_on(service, fee=65)
        self.login(self.carol)
        data = {"service": service.pk, "code": "20560", "kind": "cpt", "fee": "70",
                "description": service.description, "is_active": "on", "version": 1}  # fmt: skip
        response = self.client.post("/invoices/fees/", data)
        assert response.status_code == 409
        assert Service.objects.get(pk=service.pk).fee == 65

    def test_invoices_settings(self):
        from taut.invoices.setup import settings_for

        self.moved_on(settings_for(self.clinic), tax_label="VAT", tax_rate=20)
        self.login(self.carol)
        data = {"currency": "EUR", "unit_rule": "ama", "tax_label": "", "tax_rate": "0",
                "version": 1}  # fmt: skip
        response = self.client.post("/invoices/settings/", data)
        assert response.status_code == 409
        stored = type(settings_for(self.clinic)).objects.get(clinic=self.clinic)
        assert (stored.currency, stored.tax_label) == ("USD", "VAT")

    def test_invoices_settings_npi(self):
        """A clinician's NPI set meanwhile is neither overwritten from a page that showed none
        (version 0) nor from a page that showed the one before."""
        from taut.invoices.models import ClinicianBilling

        self.login(self.carol)
        mine = {"npi": "1234567802", "clinician": self.alice.pk, "credentials": "PT"}
        theirs = ClinicianBilling.objects.create(clinic=self.clinic, clinician=self.alice,
                                                 npi="1234567893", credentials="DPT")  # fmt: skip
        response = self.client.post("/invoices/settings/", mine | {"version": 0})
        assert response.status_code == 409
        assert "1234567893" in response.content.decode()  # theirs, shown beside mine
        self.moved_on(theirs, npi="1234567810")
        response = self.client.post("/invoices/settings/", mine | {"version": 1})
        assert response.status_code == 409
        assert ClinicianBilling.objects.get().npi == "1234567810"
        # the merged save, at the version now stored, goes through
        response = self.client.post("/invoices/settings/", mine | {"version": 2})
        assert response.status_code == 302
        assert (ClinicianBilling.objects.get().npi, ClinicianBilling.objects.get().version) == (
            "1234567802", 3,
        )  # fmt: skip
        page = self.client.get(f"/invoices/settings/?npi={self.alice.pk}").content.decode()
        assert 'name="version" value="3"' in page

    def test_invoices_coverage(self):
        from taut.invoices.models import Coverage

        cover = Coverage.objects.create(clinic=self.clinic, patient=self.patient,
                                        payer_name="Blue Harbor", member_id="M-1")  # fmt: skip
        self.moved_on(cover, member_id="M-2")
        self.login(self.bob)
        data = {"payer_name": "Blue Harbor Health", "member_id": "M-1",
                "relationship": "self", "is_active": "on", "version": 1}  # fmt: skip
        response = self.client.post(f"/invoices/patients/{self.patient.uuid}/payer/", data)
        assert response.status_code == 409
        assert "M-2" in response.content.decode()
        stored = Coverage.objects.get(pk=cover.pk)
        assert (stored.payer_name, stored.member_id) == ("Blue Harbor", "M-2")
