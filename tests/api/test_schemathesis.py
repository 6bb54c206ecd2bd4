"""Property-based tests of the whole API against its own OpenAPI schema (schemathesis): for
every operation, generated valid and invalid requests never cause a server error, and every
answer, its status included, is one the schema documents. Bounded: a few examples per
operation, no shrinking, no database of past examples, so `make test` stays quick on SQLite
and PostgreSQL alike."""

from itertools import count

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from taut.api import tokens
from taut.clinics.roles import Role
from taut.wsgi import application
from tests.api.base import make_plan
from tests.exams.factories import make_assessment, make_episode, make_intake
from tests.factories import make_clinic, make_patient, make_user
from tests.measures.factories import NDI_START, make_response
from tests.treatment.factories import make_session

EXAMPLES_PER_OPERATION = 12


CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {
            "mode": "all",  # valid and invalid requests
            "max-examples": EXAMPLES_PER_OPERATION,
            "no-shrink": True,
            "database": "none",
        },
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
    }
)
# The schema is public and its view reads no database, so it is loaded when tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application, config=CONFIG)


@pytest.fixture
def in_test_transaction():
    """Keep the database connection across requests, as Django's test client does: the WSGI
    handler would otherwise close it, and the test's transaction with it, on PostgreSQL."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(db, in_test_transaction) -> dict:
    """A token of a clinician and admin of a clinic whose patient has one record of every kind,
    and the path parameters that reach those records."""
    clinic = make_clinic("Seeded")
    user = make_user("sam", (clinic, Role.CLINICIAN), (clinic, Role.ADMIN))
    patient = make_patient(clinic, "Grace", "Hopper", phone="+12025550111")
    episode = make_episode(patient, user)
    records = {
        "intakes": make_intake(episode, user).pk,
        "assessments": make_assessment(episode, user).pk,
        "sessions": make_session(episode, user, needled=["upper_trapezius"]).pk,
        "questionnaires": make_response(episode, user, "ndi", NDI_START).pk,
    }
    make_plan(episode, user)
    known = {
        "uuid": str(patient.uuid), "episode": episode.pk, "version": 1,
        "muscle_id": "upper_trapezius", "tp_id": "upper_trapezius_tp1", "region_id": "temple_r",
        "exercise_id": "upper_trapezius.ear-to-shoulder-stretch",
    }  # fmt: skip
    secret = tokens.issue(user, clinic, "schemathesis", scope="write")[1]
    return {"token": secret, "known": known, "records": records}


def reach_records(case, seeded: dict) -> None:
    """Point the path at the seeded records, so answers other than 404 are checked too."""
    known = {k: v for k, v in seeded["known"].items() if k in case.path_parameters}
    if "pk" in case.path_parameters:
        collection = case.path.split("/")[-2]
        known["pk"] = seeded["records"][collection]
    case.path_parameters = {**case.path_parameters, **known}


CALLS = count()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_never_fails_and_always_answers_as_its_schema_says(case, seeded):
    if case.path_parameters and next(CALLS) % 2:  # every other call, real records
        reach_records(case, seeded)
    r = case.call_and_validate(
        headers={"Authorization": f"Bearer {seeded['token']}"},
        checks=[not_a_server_error, response_schema_conformance, status_code_conformance],
    )
    print("STATUS", case.method, case.path, r.status_code)
