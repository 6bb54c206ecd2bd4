"""Benchmark of every staff page and API list at clinic scale: a throwaway PostgreSQL 15
database seeded with one large clinic in server-side SQL, served by gunicorn with 2 workers,
each page's median time reported as a ratio to a trivial logged-in view (the home page, which
only redirects) measured in the same run.

Targets (issue 18): every page and API list at most 3x the trivial view, the outcomes
dashboard at most 5x, at 1M sessions and 100k patients.

Run:   .venv/bin/python bench/scale.py                  (small, for `make bench` and CI)
       .venv/bin/python bench/scale.py --sessions 1000000 --patients 100000 --requests 15
The script re-runs itself under scripts/with-postgres when DATABASE_URL is not PostgreSQL.
At 1M sessions the seeding takes minutes on a 2-core machine (docs/performance.md has the
figures); --keep-serving leaves the server up for EXPLAIN and by-hand browsing until Ctrl-C.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=3000)
    parser.add_argument("--sessions", type=int, default=20000)
    parser.add_argument("--requests", type=int, default=9, help="timed requests per page")
    parser.add_argument("--keep-serving", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        script = [sys.executable, str(Path(__file__).resolve()), *sys.argv[1:]]
        os.execv(ROOT / "scripts" / "with-postgres", [str(ROOT / "scripts/with-postgres"), *script])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taut.settings")
    static_root = ROOT / "var" / "bench-static"
    os.environ["STATIC_ROOT"] = str(static_root)
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"migrated and collected static files in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    clinic = seed(args.patients, args.sessions)
    seeded = counts(clinic)
    print(f"seeded in {time.perf_counter() - started:.0f} s: " + ", ".join(
        f"{n:,} {name}" for name, n in seeded.items()))  # fmt: skip
    pages = targets(clinic)
    headers = credentials(clinic)
    from django.db import connections

    connections.close_all()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "taut.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
    )  # fmt: skip
    try:
        wait_for(port)
        rows = measure(port, pages, headers, args.requests)
        report(rows, args)
        if args.keep_serving:
            print(f"serving on http://127.0.0.1:{port}/ (Ctrl-C stops)")
            server.wait()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return 0


# --- the clinicians -------------------------------------------------------------------------

# Engineering choice: a full-time clinician sees about 10 patients a day (45-minute visits in
# an eight-to-nine-hour day, with time for notes; 8 to 14 is the usual range). The seed spreads
# its sessions over every day of six years, so the clinic has sessions / 2190 / 10 clinicians,
# at least four: 46 at 1M sessions, 5 at 100k. Each day's sessions are dealt out to them in
# turn, one 45-minute slot after another from 08:00, so no one is double-booked and a day
# ends by about 17:00.
VISITS_PER_CLINICIAN_DAY = 10
SEED_DAYS = 6 * 365


def clinician_count(sessions: int) -> int:
    return max(4, -(-sessions // (SEED_DAYS * VISITS_PER_CLINICIAN_DAY)))


# --- the clinic -----------------------------------------------------------------------------

GIVEN = [
    "Ava", "Ben", "Chloe", "Dan", "Eli", "Fay", "Gus", "Hana", "Ivan", "Jade", "Kai", "Lena",
    "Milo", "Nora", "Owen", "Pia", "Quinn", "Rosa", "Sam", "Tara", "Uma", "Vic", "Wes", "Xena",
    "Yara", "Zane", "Amir", "Bea", "Cora", "Dev", "Emma", "Finn", "Gia", "Hugo", "Isla", "Jon",
    "Kira", "Liam", "Maya", "Nils", "Olga", "Paul", "Rhea", "Saul", "Tess", "Ugo", "Vera",
    "Will", "Yuki", "Zoe",
]  # fmt: skip
# 24 x 12 family names: about 350 patients share each at 100k, as common names do.
FAMILY_SYLLABLES = [
    "Ander", "Bar", "Cal", "Dun", "Ers", "Fal", "Gran", "Hol", "Ives", "Jor", "Kent", "Lind",
    "Mor", "Nash", "Ock", "Par", "Quil", "Ross", "Sten", "Tor", "Ull", "Vand", "Wick", "Yar",
]  # fmt: skip
FAMILY_ENDINGS = [
    "son", "sen", "ley", "ton", "man", "berg", "well", "ford", "by", "wood", "ridge", "croft",
]  # fmt: skip
# Body area -> the questionnaire clinicians give for it (NPRS where no region-specific one is).
AREA_INSTRUMENT = {"head_neck": "ndi", "low_back": "odi", "shoulder_arm": "quickdash",
                   "forearm_hand": "quickdash", "upper_back": "ndi", "hip_thigh": "odi",
                   "leg_foot": "nprs", "widespread": "nprs"}  # fmt: skip


def seed(patients: int, sessions: int):
    """One clinic of `patients` patients and about `sessions` sessions over six years, built
    with INSERT ... SELECT in the server. Episodes: about one per six sessions, each patient at
    least one while there are enough; sessions per episode skewed (most 3-8, a few 30+), a week
    apart, pain falling with noise; 1-3 needlings a session; an adverse event in about one
    session in ten (mostly mild); a questionnaire at the first session and about every third;
    a signed note on a third of the sessions; an appointment for each session (those of the
    last eight weeks linked to it) and booked ones for the next two weeks; an issued invoice
    for each session before today, paid three days later (today at the latest) but for one in
    37 (an engineering choice: weeks of insurers' claims still open at a large clinic); each
    episode's stored outcomes."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from taut.clinics.models import Clinic, Membership, SecondFactorPolicy
    from taut.measures import session_days
    from taut.measures.episode_outcomes import rebuild
    from taut.scheduling.models import AppointmentType

    with transaction.atomic():
        clinic = Clinic.objects.create(name="Scale clinic", slug="scale",
                                       second_factor=SecondFactorPolicy.OPTIONAL)  # fmt: skip
        users = []
        for n in range(clinician_count(sessions)):
            user = get_user_model().objects.create_user(f"clinician{n}", password=None,
                first_name=GIVEN[n % len(GIVEN)], last_name=f"Bench {n + 1:02d}")  # fmt: skip
            Membership.objects.create(user=user, clinic=clinic, role="clinician")
            users.append(user.pk)
        admin = get_user_model().objects.create_user(
            "admin0", password=None, first_name="Ada", last_name="Bench Admin"
        )
        Membership.objects.create(user=admin, clinic=clinic, role="admin")
        kind = AppointmentType.objects.create(clinic=clinic, kind="treatment", name="Treatment",
                                              minutes=45)  # fmt: skip
        insert(clinic, users, kind, patients, sessions)
        # The INSERTs bypass the models, which keep each episode's stored outcomes and each
        # day's counts of sessions and adverse events.
        started = time.perf_counter()
        rows, days = rebuild(clinic), session_days.rebuild(clinic)
        print(
            f"stored {rows:,} episode outcomes and {days:,} days of sessions in "
            f"{time.perf_counter() - started:.0f} s"
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return clinic


def insert(clinic, users, kind, patients, sessions) -> None:
    from django.db import connection

    from taut.kb.catalog import catalog

    muscles = [getattr(m, "id", m) for m in catalog().muscles][:40]
    episodes = max(1, sessions // 6)
    params = {
        "clinic": clinic.pk, "users": users, "patients": patients, "episodes": episodes,
        "sessions": sessions, "given": GIVEN, "syllables": FAMILY_SYLLABLES,
        "endings": FAMILY_ENDINGS, "muscles": muscles, "type": kind.pk,
        "areas": list(AREA_INSTRUMENT), "instruments": list(AREA_INSTRUMENT.values()),
    }  # fmt: skip
    with connection.cursor() as cursor:
        for statement in SEED_SQL.split(";\n"):
            if statement.strip():
                cursor.execute(statement, params)


SEED_SQL = """
SELECT setseed(0.18);
CREATE TEMP TABLE seed_patient AS
SELECT i,
       (%(given)s::text[])[1 + (hashint4(i) & 2147483647)
                           %% cardinality(%(given)s::text[])] AS given,
       (%(syllables)s::text[])[1 + (hashint4(i * 7) & 2147483647)
                               %% cardinality(%(syllables)s::text[])]
       || (%(endings)s::text[])[1 + (hashint4(i * 13) & 2147483647)
                                %% cardinality(%(endings)s::text[])] AS family
FROM generate_series(1, %(patients)s) AS i;
INSERT INTO patients_patient (uuid, given_name, family_name, preferred_name, date_of_birth, sex,
    chart_number, phone, email, address, emergency_contact, created_at, updated_at, archived_at,
    clinic_id, created_by_id, version)
SELECT gen_random_uuid(), given, family, '', date '1940-01-01' + (random() * 25000)::int,
       (ARRAY['female', 'male', 'other', 'unknown'])[1 + (i %% 11 = 0)::int * 2 + (i %% 2)],
       'C' || lpad(i::text, 7, '0'), '+1202555' || lpad((i %% 10000)::text, 4, '0'),
       lower(given || '.' || family || i || '@example.invalid'), i || ' Bench Street', '',
       now() - interval '6 years' + (i::float / %(patients)s) * interval '6 years', now(),
       CASE WHEN i %% 33 = 0 THEN now() ELSE NULL END, %(clinic)s, (%(users)s::bigint[])[1], 1
FROM seed_patient ORDER BY i;
CREATE TEMP TABLE seed_ids AS
SELECT row_number() OVER (ORDER BY id) AS n, id FROM patients_patient WHERE clinic_id = %(clinic)s;
CREATE UNIQUE INDEX ON seed_ids (n);
INSERT INTO episodes_episode (title, body_area, opened_on, discharged_on, created_at, clinic_id,
    created_by_id, patient_id)
SELECT 'Complaint ' || e, area, opened, CASE WHEN opened < current_date - 120 THEN opened + 90 END,
       opened, %(clinic)s, (%(users)s::bigint[])[1 + e %% cardinality(%(users)s::bigint[])], p.id
FROM (SELECT e, (%(areas)s::text[])[1 + (hashint4(e) & 2147483647) %% 8] AS area,
             current_date - 2190 + (e::float / %(episodes)s * 2190)::int AS opened,
             CASE WHEN e <= %(patients)s THEN 1 + (e - 1) %% %(patients)s
                  ELSE 1 + (random() * (%(patients)s - 1))::int END AS n
      FROM generate_series(1, %(episodes)s) AS e) AS x
JOIN seed_ids p ON p.n = x.n ORDER BY opened, e;
CREATE TEMP TABLE seed_sessions AS
SELECT ep.id AS episode_id, ep.patient_id, ep.opened_on,
       least(40, 1 + floor(-ln(1 - random()) * 6))::int AS planned,
       (random() * 6)::int AS start_pain
FROM episodes_episode ep
WHERE ep.clinic_id = %(clinic)s;
INSERT INTO treatment_treatmentsession (performed_at, pain_before, pain_after, soft_tissue,
    exercises, comments, clinic_id, clinician_id, episode_id, patient_id, version)
SELECT s.day + time '08:00' + s.slot * interval '45 minutes',
       greatest(0, least(10, 4 + s.start_pain - k / 2 + (random() * 2)::int)),
       CASE WHEN random() < 0.9 THEN greatest(0, least(10, 3 + s.start_pain - k / 2)) END,
       '[]', '', '', %(clinic)s, s.clinician, s.episode_id, s.patient_id, 1
FROM (SELECT d.*, (%(users)s::bigint[])[1 + d.n %% cardinality(%(users)s::bigint[])] AS clinician,
             d.n / cardinality(%(users)s::bigint[]) AS slot
      FROM (SELECT c.*, c.opened_on + (c.k - 1) * 7 AS day,
                   row_number() OVER (PARTITION BY c.opened_on + (c.k - 1) * 7
                                      ORDER BY c.episode_id) - 1 AS n
            FROM (SELECT ss.episode_id, ss.patient_id, ss.opened_on, ss.start_pain, g AS k
                  FROM seed_sessions ss CROSS JOIN LATERAL generate_series(1, ss.planned) AS g
                  WHERE ss.opened_on + (g - 1) * 7 <= current_date
                  ORDER BY hashint4(ss.episode_id::int * 41 + g) LIMIT %(sessions)s) AS c) AS d
     ) AS s
ORDER BY s.opened_on, s.episode_id, s.k;
INSERT INTO treatment_needling (muscle, trigger_point, side, technique, needle_length_mm,
    needle_gauge_mm, insertions, twitch_responses, session_id)
SELECT (%(muscles)s::text[])[1 + (hashint4(s.id::int + j) & 2147483647)
                             %% cardinality(%(muscles)s::text[])],
       '', (ARRAY['left', 'right'])[1 + (s.id %% 2)::int], 'pistoning', 30, 0.25,
       1 + (random() * 4)::int, (random() * 3)::int, s.id
FROM treatment_treatmentsession s CROSS JOIN LATERAL generate_series(1, 1 + (s.id %% 3)::int) AS j
WHERE s.clinic_id = %(clinic)s;
INSERT INTO treatment_adverseevent (kind, severity, action_taken, details, session_id)
SELECT (ARRAY['bruising', 'pain_after', 'bleeding', 'aggravation', 'drowsiness'])
           [1 + (s.id %% 5)::int],
       CASE WHEN s.id %% 97 = 0 THEN 'moderate' ELSE 'mild' END, '', '', s.id
FROM treatment_treatmentsession s WHERE s.clinic_id = %(clinic)s AND random() < 0.1;
CREATE TEMP TABLE seed_numbered AS
SELECT s.id, s.episode_id, s.patient_id, s.performed_at, s.pain_before, ep.body_area,
       row_number() OVER (PARTITION BY s.episode_id ORDER BY s.performed_at, s.id) AS k
FROM treatment_treatmentsession s JOIN episodes_episode ep ON ep.id = s.episode_id
WHERE s.clinic_id = %(clinic)s;
CREATE TEMP TABLE seed_items AS
SELECT n.*, i.instrument,
       array(SELECT greatest(CASE WHEN i.instrument = 'quickdash' THEN 1 ELSE 0 END,
                             least(CASE WHEN i.instrument = 'nprs' THEN 10 ELSE 5 END,
                                   round(n.pain_before * CASE WHEN i.instrument = 'nprs' THEN 1
                                         ELSE 0.5 END + random() - 0.5)::int))
             FROM generate_series(1, CASE i.instrument WHEN 'nprs' THEN 1 WHEN 'quickdash'
                                  THEN 11 ELSE 10 END) AS g WHERE n.id > 0) AS items
FROM seed_numbered n
JOIN unnest(%(areas)s::text[], %(instruments)s::text[]) AS i(area, instrument)
  ON i.area = n.body_area
WHERE n.k = 1 OR n.k %% 3 = 0;
INSERT INTO measures_questionnaireresponse (instrument, answers, score, details, answered_at,
    by_patient, created_at, clinic_id, entered_by_id, episode_id, patient_id, source)
SELECT instrument, to_jsonb(items),
       CASE instrument WHEN 'nprs' THEN items[1]
            WHEN 'quickdash' THEN ((SELECT sum(x) FROM unnest(items) x)::float / 11 - 1) * 25
            ELSE (SELECT sum(x) FROM unnest(items) x)::float * 2 END,
       '{}', performed_at - interval '10 minutes', false, performed_at, %(clinic)s,
       (%(users)s::bigint[])[1], episode_id, patient_id, 'paper'
FROM seed_items;
INSERT INTO notes_clinicalnote (written_at, title, text, status, signed_at, clinic_id, author_id,
    signed_by_id, patient_id, session_id, version)
SELECT performed_at + interval '1 hour', 'Treatment note', 'Needled as planned; tolerated well.',
       'signed', performed_at + interval '1 hour', %(clinic)s, (%(users)s::bigint[])[1],
       (%(users)s::bigint[])[1], patient_id, id, 1
FROM seed_numbered WHERE id %% 3 = 0;
INSERT INTO scheduling_appointment (starts_at, ends_at, status, notes, created_at, updated_at,
    cancel_reason, clinic_id, clinician_id, created_by_id, episode_id, patient_id, type_id, version)
SELECT s.performed_at, s.performed_at + interval '45 minutes', 'attended', '', s.performed_at,
       s.performed_at, '', %(clinic)s, s.clinician_id, s.clinician_id, s.episode_id, s.patient_id,
       %(type)s, 1
FROM treatment_treatmentsession s
WHERE s.clinic_id = %(clinic)s;
UPDATE treatment_treatmentsession s SET appointment_id = a.id
FROM scheduling_appointment a
WHERE a.clinic_id = %(clinic)s AND a.episode_id = s.episode_id AND a.starts_at = s.performed_at
  AND a.starts_at > now() - interval '8 weeks' AND s.performed_at > now() - interval '8 weeks';
INSERT INTO scheduling_appointment (starts_at, ends_at, status, notes, created_at, updated_at,
    cancel_reason, clinic_id, clinician_id, created_by_id, episode_id, patient_id, type_id, version)
SELECT a.starts_at + interval '14 days', a.ends_at + interval '14 days', 'booked', '', now(), now(),
       '', %(clinic)s, a.clinician_id, a.clinician_id, a.episode_id, a.patient_id, %(type)s, 1
FROM scheduling_appointment a
WHERE a.clinic_id = %(clinic)s AND a.starts_at >= current_date - 13;
INSERT INTO invoices_invoice (status, number, service_date, currency, rendering_npi, diagnoses,
    tax_label, tax_rate, subtotal, tax, total, balance, created_at, issued_at, voided_at,
    void_reason, clinic_id, clinician_id, created_by_id, patient_id, session_id, version)
SELECT 'issued', row_number() OVER (ORDER BY s.performed_at, s.id), s.performed_at::date, 'USD',
       '', '[]', '', 0, 95, 0, 95, CASE WHEN s.id %% 37 = 0 THEN 95 ELSE 0 END,
       s.performed_at, s.performed_at + interval '1 hour', NULL, '', %(clinic)s, s.clinician_id,
       s.clinician_id, s.patient_id, s.id, 1
FROM treatment_treatmentsession s
WHERE s.clinic_id = %(clinic)s AND s.performed_at < now() - interval '1 day';
INSERT INTO invoices_invoicesequence (clinic_id, last_number, last_credit_note)
SELECT %(clinic)s, count(*), 0 FROM invoices_invoice WHERE clinic_id = %(clinic)s;
INSERT INTO invoices_invoiceline (code, description, modifiers, region, timed, minutes, units,
    unit_price, amount, invoice_id)
SELECT '20560', 'Dry needling, one or two muscles', '', '', false, NULL, 1, 95, 95, i.id
FROM invoices_invoice i WHERE i.clinic_id = %(clinic)s;
INSERT INTO invoices_payment (amount, method, reference, received_on, recorded_at, clinic_id,
    invoice_id, patient_id, recorded_by_id)
SELECT 95, (ARRAY['card', 'cash', 'cheque'])[1 + (i.id %% 3)::int], 'bench',
       least(i.issued_at + interval '3 days', now())::date,
       least(i.issued_at + interval '3 days', now()), %(clinic)s, i.id, i.patient_id,
       i.created_by_id
FROM invoices_invoice i WHERE i.clinic_id = %(clinic)s AND i.balance = 0
"""


def counts(clinic) -> dict[str, int]:
    from taut.episodes.models import Episode
    from taut.invoices.models import Invoice, Payment
    from taut.measures.models import QuestionnaireResponse
    from taut.notes.models import ClinicalNote
    from taut.patients.models import Patient
    from taut.scheduling.models import Appointment
    from taut.treatment.models import AdverseEvent, Needling, TreatmentSession

    return {
        "patients": Patient.objects.filter(clinic=clinic).count(),
        "episodes": Episode.objects.filter(clinic=clinic).count(),
        "sessions": TreatmentSession.objects.filter(clinic=clinic).count(),
        "needlings": Needling.objects.filter(session__clinic=clinic).count(),
        "adverse events": AdverseEvent.objects.filter(session__clinic=clinic).count(),
        "questionnaires": QuestionnaireResponse.objects.filter(clinic=clinic).count(),
        "notes": ClinicalNote.objects.filter(clinic=clinic).count(),
        "appointments": Appointment.objects.filter(clinic=clinic).count(),
        "invoices": Invoice.objects.filter(clinic=clinic).count(),
        "payments": Payment.objects.filter(clinic=clinic).count(),
    }


def targets(clinic) -> list[tuple[str, str, str]]:
    """(label, path, "web", "admin" or "api"): the trivial view first, then every staff page
    and API list, each on a patient and episode of typical size from the middle of the list;
    "admin" pages are a clinic admin's, the others a clinician's."""
    from django.db.models import Count
    from django.utils import timezone

    from taut.episodes.models import Episode
    from taut.patients.models import Patient
    from taut.treatment.models import TreatmentSession

    patients = Patient.objects.filter(clinic=clinic).active().order_by(
        "family_name", "given_name", "date_of_birth", "pk")  # fmt: skip
    total = patients.count()
    middle = patients[total // 2]
    # An episode of typical length (5 to 12 sessions) of a patient from the middle of the list.
    near = patients[total // 2 : total // 2 + 200].values("pk")
    episode = (
        Episode.objects.filter(clinic=clinic, patient__in=near)
        .annotate(n=Count("sessions"))
        .filter(n__gte=5, n__lte=12)
        .order_by("pk")
        .first()
    )
    patient = episode.patient
    session = TreatmentSession.objects.filter(episode=episode).order_by("performed_at").last()
    p, e = f"/patients/{patient.uuid}", episode.pk
    api = f"/api/v1/patients/{patient.uuid}/episodes/{e}"
    deep_page = total // 25 // 2
    past = timezone.localdate() - timedelta(weeks=104)
    return [
        ("trivial view (home, redirects)", "/", "web"),
        ("patient list", "/patients/", "web"),
        ("search by name", f"/patients/?q={middle.family_name}", "web"),
        ("search by chart number", f"/patients/?q={middle.chart_number}", "web"),
        ("search by partial name", f"/patients/?q={middle.family_name[:4].lower()}", "web"),
        ("patient list, deep page", deep_page_path(patients, deep_page), "web"),
        ("patient detail", f"{p}/", "web"),
        ("episode", f"{p}/episodes/{e}/", "web"),
        ("progress charts", f"{p}/progress/?episode={e}", "web"),
        ("session detail", f"{p}/episodes/{e}/sessions/{session.pk}/", "web"),
        # The form a clinician fills in at each visit: its cost is its size (three needling
        # rows of 330 muscles and trigger points each, about 150 kB), the same at any clinic.
        ("session form, new", f"{p}/episodes/{e}/sessions/new/", "web"),
        ("session form, edit", f"{p}/episodes/{e}/sessions/{session.pk}/edit/", "web"),
        ("session history", f"{p}/episodes/{e}/sessions/{session.pk}/history/", "web"),
        ("patient chart", f"{p}/chart/", "web"),
        ("episode summary", f"{p}/episodes/{e}/measures/summary/", "web"),
        ("episode questionnaires", f"{p}/episodes/{e}/measures/", "web"),
        ("home program", f"{p}/episodes/{e}/program/", "web"),
        ("outcomes dashboard", "/outcomes/", "web"),
        # The calendar and day sheet show the logged-in clinician by default; the front desk's
        # view is a page of clinicians (taut/scheduling/picker.py).
        ("calendar, own week", "/schedule/?view=week", "web"),
        ("calendar, week, all clinicians", "/schedule/?view=week&everyone=1", "web"),
        ("calendar, day, all clinicians", "/schedule/?everyone=1", "web"),
        # Two years back in the clinic's history: the same work as this week's.
        ("calendar, week, two years ago", f"/schedule/?view=week&everyone=1&date={past}", "web"),
        ("day sheet, own", "/schedule/today/", "web"),
        ("day sheet, all clinicians", "/schedule/today/?everyone=1", "web"),
        ("invoices", "/invoices/", "web"),
        ("free times", "/schedule/free/", "web"),
        ("online booking times", "/schedule/online/", "web"),
        ("waiting list", "/schedule/waitlist/", "web"),
        ("appointment requests", "/schedule/requests/", "web"),
        ("exports", "/exports/", "web"),
        ("audit log", "/audit/", "admin"),
        ("invoice report", "/invoices/report/", "admin"),
        ("api: patients", "/api/v1/patients?limit=25", "api"),
        ("api: patients, search by name", f"/api/v1/patients?q={middle.family_name}", "api"),
        ("api: patients, deep page", deep_api_path(patients, deep_page), "api"),
        ("api: episodes", f"/api/v1/patients/{patient.uuid}/episodes", "api"),
        ("api: sessions", f"{api}/sessions", "api"),
        ("api: questionnaires", f"{api}/questionnaires", "api"),
    ]


def deep_cursor(patients, page: int) -> str:
    """The cursor the list's "Next" link carries to page `page` (of 25)."""
    from taut.paging import AFTER, make_cursor

    return make_cursor(AFTER, patients[page * 25 - 1].pk)


def deep_page_path(patients, page: int) -> str:
    return f"/patients/?cursor={deep_cursor(patients, page)}"


def deep_api_path(patients, page: int) -> str:
    return f"/api/v1/patients?limit=25&cursor={deep_cursor(patients, page)}"


def credentials(clinic) -> dict[str, dict[str, str]]:
    """The request headers of each kind of target: the first clinician's session cookie
    ("web") and API token ("api"), and the clinic admin's session cookie ("admin")."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from taut.api.tokens import issue

    def cookie(username: str) -> dict[str, str]:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        return {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}

    clinician = get_user_model().objects.get(username="clinician0")
    _, secret = issue(clinician, clinic, "bench")
    return {"web": cookie("clinician0"), "admin": cookie("admin0"),
            "api": {"Authorization": f"Bearer {secret}"}}  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def fetch(port: int, path: str, headers: dict) -> tuple[int, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    started = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    return response.status, elapsed


# Rounds of requests before timing, as a server that has been up a while: each of the two
# workers' kept connections runs a page's queries about eight times, past psycopg's threshold
# for preparing them and PostgreSQL's five custom plans (DB_PREPARE_THRESHOLD in settings).
WARM_UP = int(os.environ.get("WARM_UP", "16"))


def measure(port, targets, headers, n) -> list[tuple[str, str, float, int]]:
    """(label, path, median seconds, status) per target; the trivial view first. The targets
    are measured in turns, round by round, so a burst of load from other work on the machine
    falls on all of them alike."""
    times: dict[str, list[float]] = {label: [] for label, _, _ in targets}
    status: dict[str, int] = {}
    for _ in range(WARM_UP):
        for label, path, kind in targets:
            status[label], _ = fetch(port, path, headers[kind])
    for _ in range(n):
        for label, path, kind in targets:
            code, seconds = fetch(port, path, headers[kind])
            status[label] = code if code >= 400 else status[label]
            times[label].append(seconds)
    return [(label, path, statistics.median(times[label]), status[label])
            for label, path, _ in targets]  # fmt: skip


def report(rows, args) -> None:
    base = rows[0][2]
    print(f"\n{args.patients:,} patients, {args.sessions:,} sessions; median of "
          f"{args.requests} requests; trivial view {base * 1000:.1f} ms\n")  # fmt: skip
    print(f"{'page':<34} {'status':>6} {'ms':>8} {'ratio':>7}  target")
    failed = []
    for label, path, seconds, code in rows:
        target = 5 if label.startswith("outcomes") else 3
        ratio = seconds / base
        mark = "" if ratio <= target else "  over"
        print(f"{label:<34} {code:>6} {seconds * 1000:>8.1f} {ratio:>6.1f}x  <= {target}x{mark}")
        if code >= 400:
            failed.append(f"{label} {path} answered {code}")
    if failed:
        raise SystemExit("\n".join(failed))


if __name__ == "__main__":
    sys.exit(main())
