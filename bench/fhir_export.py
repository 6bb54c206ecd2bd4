"""Benchmark of the FHIR bulk export job: the demo clinic scaled to --patients patients (200 by
default, for CI; 10,000 for a real figure) in a throwaway SQLite database, exported three times
in the same run by the job's own steps: validated by sample (what the job does), unvalidated
(the floor), and with every resource validated by fhir.resources. Prints resources per second
of CPU time per type and overall, and the ratios between the three. CPU time of this process,
which is the worker's whole cost: SQLite runs inside it, and other processes on the machine do
not count against it.
Run: .venv/bin/python bench/fhir_export.py [--patients 10000]"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.TemporaryDirectory(prefix="taut-bench-fhir-")
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR.name}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taut.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from taut.demo.build import build  # noqa: E402
from taut.episodes.models import Episode  # noqa: E402
from taut.exams.models import Assessment, Diagnosis, RangeOfMotion  # noqa: E402
from taut.fhir.bulk import write_type  # noqa: E402
from taut.fhir.export import RESOURCE_TYPES, Scope  # noqa: E402
from taut.fhir.sample import SampleCheck  # noqa: E402
from taut.intake.models import Intake  # noqa: E402
from taut.kb.atlas import load_atlas  # noqa: E402
from taut.kb.catalog import catalog  # noqa: E402
from taut.measures.models import QuestionnaireResponse  # noqa: E402
from taut.patients.models import Patient  # noqa: E402
from taut.plans.models import PlanExercise, TreatmentPlan  # noqa: E402
from taut.treatment.models import AdverseEvent, Needling, TreatmentSession  # noqa: E402

ROUNDS_PER_BATCH = 25


def clones(rows, round_, maps, **remap):
    """Copies of `rows` for one round, their foreign keys pointed at that round's copies."""
    out = []
    for row in rows:
        new = copy.copy(row)
        new.pk = None
        new._state = copy.copy(row._state)
        new._state.adding = True
        for attr, target in remap.items():
            old = getattr(row, attr)
            if old is not None:
                setattr(new, attr, maps[target][round_, old].pk)
        out.append(new)
    return out


def scale(clinic, patients: int) -> None:
    """Copy the demo clinic's records until it has `patients` patients."""
    base = list(Patient.objects.filter(clinic=clinic))
    tables = {
        "episode": list(Episode.objects.filter(clinic=clinic)),
        "intake": list(Intake.objects.filter(clinic=clinic)),
        "assessment": list(Assessment.objects.filter(clinic=clinic)),
        "diagnosis": list(Diagnosis.objects.filter(assessment__clinic=clinic)),
        "session": list(TreatmentSession.objects.filter(clinic=clinic)),
        "needling": list(Needling.objects.filter(session__clinic=clinic)),
        "adverse": list(AdverseEvent.objects.filter(session__clinic=clinic)),
        "rom": list(RangeOfMotion.objects.filter(episode_of(clinic))),
        "response": list(QuestionnaireResponse.objects.filter(clinic=clinic)),
        "plan": list(TreatmentPlan.objects.filter(clinic=clinic)),
        "exercise": list(PlanExercise.objects.filter(plan__clinic=clinic)),
    }
    rounds = range(1, -(-(patients - len(base)) // len(base)) + 1)  # rounded up
    for start in range(0, len(rounds), ROUNDS_PER_BATCH):
        batch = rounds[start : start + ROUNDS_PER_BATCH]
        with transaction.atomic():
            copy_rounds(base, tables, batch)


def episode_of(clinic):
    from django.db.models import Q

    return Q(assessment__clinic=clinic) | Q(session__clinic=clinic)


def copy_rounds(base, tables, rounds) -> None:
    maps: dict[str, dict] = {}

    def create(name, model, rows_for_round, key=True):
        made = []
        for r in rounds:
            made += [(r, old.pk, new) for old, new in zip(*rows_for_round(r), strict=True)]
        model.objects.bulk_create([new for _, _, new in made], batch_size=500)
        if key:
            maps[name] = {(r, pk): new for r, pk, new in made}

    def patients(r):
        out = clones(base, r, maps)
        for new, old in zip(out, base, strict=True):
            new.uuid, new.portal_user_id = uuid.uuid4(), None
            new.chart_number = f"{old.chart_number}-{r}" if old.chart_number else ""
        return base, out

    def simple(name, **remap):
        return lambda r: (tables[name], clones(tables[name], r, maps, **remap))

    create("patient", Patient, patients)
    create("episode", Episode, simple("episode", patient_id="patient"))
    create("intake", Intake, simple("intake", episode_id="episode", patient_id="patient"), False)
    create("assessment", Assessment,
           simple("assessment", episode_id="episode", patient_id="patient"))  # fmt: skip
    create("diagnosis", Diagnosis, simple("diagnosis", assessment_id="assessment"), False)
    create("session", TreatmentSession,
           simple("session", episode_id="episode", patient_id="patient"))  # fmt: skip
    create("needling", Needling, simple("needling", session_id="session"), False)
    create("adverse", AdverseEvent, simple("adverse", session_id="session"), False)
    create("rom", RangeOfMotion,
           simple("rom", assessment_id="assessment", session_id="session"), False)  # fmt: skip
    create("response", QuestionnaireResponse,
           simple("response", episode_id="episode", patient_id="patient"), False)  # fmt: skip
    create("plan", TreatmentPlan, simple("plan", episode_id="episode", patient_id="patient",
                                         assessment_id="assessment"))  # fmt: skip
    create("exercise", PlanExercise, simple("exercise", plan_id="plan"), False)


def export(clinic, check, folder: Path) -> tuple[dict[str, tuple[int, float]], float]:
    """The bulk export job's own steps (taut/fhir/jobs.py `run`): its Scope, then each type's
    file written with `write_type` and `check`. Per type (count, CPU seconds); total CPU
    seconds, the Scope's look-ups included."""
    per_type, started = {}, time.process_time()
    scope = Scope(clinic)
    for kind in RESOURCE_TYPES:
        t0 = time.process_time()
        count = write_type(scope, kind, folder, check)
        per_type[kind] = (count, time.process_time() - t0)
    return per_type, time.process_time() - started


def report(label: str, per_type, total: float) -> int:
    n = sum(count for count, _ in per_type.values())
    print(f"  {label}: {n:,} resources in {total:.2f} s CPU, {n / total:,.0f} resources/s")
    print("    " + ", ".join(f"{kind} {count / max(spent, 1e-9):,.0f}/s"
                             for kind, (count, spent) in per_type.items() if count))  # fmt: skip
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=200)
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    clinic = build()
    scale(clinic, args.patients)
    setup = time.perf_counter() - t0
    catalog(), load_atlas()  # loaded once per worker process and kept
    print(f"demo clinic scaled to {Patient.objects.filter(clinic=clinic).count():,} patients "
          f"in {setup:.1f} s (throwaway SQLite); resources/s per CPU core")  # fmt: skip
    folder = Path(WORKDIR.name) / "out"
    folder.mkdir()
    # Not counted: a running worker has already loaded the fhir.resources models (the first
    # validation of each type builds its validator) and the code look-ups, and the database
    # file is in the page cache; without this the first run measured would pay for all three.
    export(clinic, SampleCheck(), folder)
    sample = SampleCheck()
    runs = {
        "job (sample)": export(clinic, sample, folder),
        "unvalidated ": export(clinic, None, folder),
        "every one   ": export(clinic, SampleCheck(every=True), folder),
    }
    for label, (per_type, total) in runs.items():
        n = report(label, per_type, total)
    print(f"  resources validated in full by the job's sample: {sample.validated} of {n:,}")
    job, floor, every = (runs[k][1] for k in runs)
    print(f"job / unvalidated: {job / floor:.2f}x; every-resource validation / job: "
          f"{every / job:.1f}x")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
