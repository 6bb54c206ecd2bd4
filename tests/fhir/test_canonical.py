"""Taut's own code systems, extensions and identifier systems are named under one base: the
deployment's FHIR_CANONICAL_BASE, never a placeholder domain."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from taut.fhir import codes
from taut.fhir.bundle import patient_bundle
from taut.settings import canonical_base
from tests.fhir.base import FhirTestCase

ROOT = Path(__file__).resolve().parents[2]
# The external systems the export may name; anything else must be under the canonical base.
EXTERNAL = {codes.LOINC, codes.SNOMED, codes.ICD10_CM, codes.CPT, codes.UCUM,
            codes.OBSERVATION_CATEGORY, codes.CONDITION_CLINICAL, codes.CONDITION_VERIFICATION,
            codes.CONDITION_CATEGORY, codes.ACT_CODE, codes.ADVERSE_EVENT_SEVERITY,
            codes.CONSENT_SCOPE}  # fmt: skip


def urls(value, key=None):
    """Every system, url and canonical value in a resource, wherever it is nested."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from urls(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from urls(item, key)
    elif key in ("system", "url", "questionnaire") and ":" in value:  # not telecom's "phone"
        yield value


class ExportedUrlTests(FhirTestCase):
    def test_no_exported_resource_names_example_org(self):
        bundle = patient_bundle(self.patient)
        self.assertGreater(len(bundle["entry"]), 30)
        self.assertNotIn("example.org", json.dumps(bundle))

    def test_every_url_is_a_standard_system_or_under_the_canonical_base(self):
        bundle = patient_bundle(self.patient)
        found = set(urls([e["resource"] for e in bundle["entry"]]))
        ours = {u for u in found if u.startswith(settings.FHIR_CANONICAL_BASE + "/")}
        self.assertEqual(found - ours - EXTERNAL, set())
        self.assertIn(codes.MUSCLE, ours)
        self.assertIn(codes.PATIENT_ID, ours)


def run_with(**env) -> dict:
    """Taut's system URLs as a fresh process with `env` sees them."""
    script = (
        "import django, json; django.setup()\n"
        "from taut.fhir import codes\n"
        "print(json.dumps({'muscle': codes.MUSCLE, 'laterality': codes.LATERALITY,\n"
        "                  'patient': codes.PATIENT_ID, 'chart': codes.chart_number_system('n'),\n"
        "                  'questionnaire': codes.QUESTIONNAIRE}))\n"
    )
    base_env = {k: v for k, v in os.environ.items()
                if k not in ("FHIR_CANONICAL_BASE", "SITE_ROOT")}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
        env={**base_env, "DJANGO_SETTINGS_MODULE": "taut.settings", **env},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_setting_names_every_taut_url():
    seen = run_with(FHIR_CANONICAL_BASE="https://records.northside-physio.test/fhir/")
    assert seen == {
        "muscle": "https://records.northside-physio.test/fhir/CodeSystem/muscle",
        "laterality": "https://records.northside-physio.test/fhir/StructureDefinition/laterality",
        "patient": "https://records.northside-physio.test/fhir/sid/patient-uuid",
        "chart": "https://records.northside-physio.test/fhir/sid/chart-number/n",
        "questionnaire": "https://records.northside-physio.test/fhir/Questionnaire",
    }


def test_without_the_setting_the_base_is_the_sites_own_address():
    seen = run_with(SITE_ROOT="https://clinic.physio.test")
    assert seen["muscle"] == "https://clinic.physio.test/fhir/CodeSystem/muscle"


def test_the_base_must_be_an_http_url():
    assert canonical_base(" https://a.test/fhir/ ", "http://x") == "https://a.test/fhir"
    assert canonical_base("", "https://site.test") == "https://site.test/fhir"
    for bad in ("taut.test/fhir", "urn:taut", "https://a.test/fhir?x=1", "ftp://a.test"):
        with pytest.raises(ImproperlyConfigured):
            canonical_base(bad, "https://site.test")
