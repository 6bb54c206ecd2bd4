"""`taut backup` and `taut restore`: a clinic backed up, wiped, restored, its trail intact."""

import tempfile
from io import StringIO
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings

from taut.audit import log
from taut.audit.actions import Action
from taut.audit.models import AuditEntry
from taut.backups import archive, engines
from taut.clinics.models import Clinic
from taut.clinics.roles import Role
from taut.notes.models import ClinicalNote
from taut.patients.models import Patient
from taut.scheduling.models import Appointment
from tests.factories import make_clinic, make_note, make_patient, make_user
from tests.scheduling.factories import at, make_appointment, make_type

KEY = Fernet.generate_key().decode()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Clinic, Patient, ClinicalNote, AuditEntry, Appointment)
    }


class BackupRestoreTests(TransactionTestCase):
    def setUp(self):
        clinic = make_clinic("Northside")
        alice = make_user("alice", (clinic, Role.CLINICIAN))
        for n in range(5):
            patient = make_patient(clinic, "Grace", f"Hopper{n}")
            make_note(patient, alice, "Initial assessment", "Right neck pain.")
            log.record(None, Action.VIEW, patient, user=alice)
        # An appointment: its table's CHECK constraints must hold up to SQLite's integrity
        # check, which runs outside Django, without Django's SQL functions.
        make_appointment(patient, alice, make_type(clinic), at(1, 9))
        self.folder = tempfile.TemporaryDirectory()
        self.file = Path(self.folder.name) / "taut.backup"

    def tearDown(self):
        self.folder.cleanup()

    def wipe(self):
        call_command("flush", interactive=False, verbosity=0)
        assert set(counts().values()) == {0}

    def round_trip(self):
        before = counts()
        call_command("backup", str(self.file), stdout=StringIO())
        self.wipe()
        out = StringIO()
        call_command("restore", str(self.file), "--yes", stdout=out)
        assert counts() == before
        assert "audit trail intact: 5 entries" in out.getvalue()
        call_command("audit", "verify", stdout=StringIO())
        return before

    def test_a_clinic_is_backed_up_wiped_and_restored_with_its_trail_intact(self):
        before = self.round_trip()
        assert before == {
            "Clinic": 1, "Patient": 5, "ClinicalNote": 5, "AuditEntry": 5, "Appointment": 1
        }  # fmt: skip
        assert Patient.objects.filter(family_name="Hopper3").exists()

    @override_settings(BACKUP_KEY=KEY)
    def test_an_encrypted_backup_round_trips_and_reads_as_noise(self):
        self.round_trip()
        data = self.file.read_bytes()
        assert data.startswith(b"TAUT-BACKUP 1 ") and b" encrypted\n" in data
        assert b"Hopper" not in data and b"neck pain" not in data

    def test_without_the_key_an_encrypted_backup_is_refused(self):
        with override_settings(BACKUP_KEY=KEY):
            call_command("backup", str(self.file), stdout=StringIO())
        with pytest.raises(CommandError, match="encrypted: set BACKUP_KEY"):
            call_command("restore", str(self.file), "--yes", stdout=StringIO())
        with (
            override_settings(BACKUP_KEY=Fernet.generate_key().decode()),
            pytest.raises(CommandError, match="does not open this backup"),
        ):
            call_command("restore", str(self.file), "--yes", stdout=StringIO())
        assert counts()["Patient"] == 5  # nothing was touched

    @override_settings(BACKUP_KEY=KEY)
    def test_an_altered_backup_is_refused(self):
        call_command("backup", str(self.file), stdout=StringIO())
        data = bytearray(self.file.read_bytes())
        data[-10] ^= 1
        self.file.write_bytes(bytes(data))
        with pytest.raises(CommandError, match="altered"):
            call_command("restore", str(self.file), "--yes", stdout=StringIO())

    def test_restore_needs_yes_and_a_backup_file(self):
        call_command("backup", str(self.file), stdout=StringIO())
        with pytest.raises(CommandError, match="add --yes"):
            call_command("restore", str(self.file), stdout=StringIO())
        self.file.write_bytes(b"hello")
        with pytest.raises(CommandError, match="not a Taut backup"):
            call_command("restore", str(self.file), "--yes", stdout=StringIO())


@pytest.mark.django_db
def test_a_backup_of_another_engine_is_refused():
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    packed = archive.pack(archive.Archive(other, b"x"))
    with pytest.raises(archive.BackupError, match=f"of a {other} database"):
        engines.load(archive.unpack(packed))


def test_new_key_prints_a_fernet_key():
    out = StringIO()
    call_command("backup", "--new-key", stdout=out)
    Fernet(out.getvalue().strip().encode())
