"""The production entry point (gunicorn taut.wsgi): it loads what a worker keeps for life and
freezes it out of the garbage collector's full passes, and then serves as before. Run in a
process of its own, so the test run's own objects are not frozen."""

import json
import os
import subprocess
import sys

from django.conf import settings

SCRIPT = """
import gc, json
import taut.wsgi as entry
from django.test.client import RequestFactory
from taut.kb.catalog import catalog
environ = RequestFactory(HTTP_HOST="127.0.0.1")._base_environ(PATH_INFO="/", REQUEST_METHOD="GET")
status = []
body = entry.application(environ, lambda s, headers, exc_info=None: status.append(s))
b"".join(body)
print(json.dumps({"frozen": gc.get_freeze_count(), "status": status,
                  "catalog_loaded": catalog.cache_info().currsize}))
"""


def test_a_worker_freezes_what_it_keeps_for_life_and_still_serves():
    # An anonymous visit to home reads no table, so the process needs no test database.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "taut.settings"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120,
        cwd=settings.BASE_DIR,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    # The URL patterns with their views and the knowledge base: well over 100,000 objects.
    assert found["frozen"] > 100_000
    assert found["catalog_loaded"] == 1
    assert found["status"] == ["302 Found"]  # home sends a visitor to the login page
