"""The billing export's rows: a clinic's sessions of a date range, read as plain values.

A month of a clinic of 46 clinicians is about 14,000 sessions; reading them as models (each
session with its patient, clinician and needlings: 70,000 objects) took most of the export's
4 s (issue 18). A `Visit` carries what the line needs and answers `needled_muscles()` as a
session does, so `rules.billing_lines` makes the same lines from either.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from taut.accounts.models import display_name
from taut.exports.csvfile import safe_cell
from taut.patients.models import full_name
from taut.treatment import rules
from taut.treatment.models import Needling, anatomical_id

HEADER = ["date", "chart number", "patient", "clinician", "CPT code", "muscles",
          "diagnosis codes"]  # fmt: skip
# The most sessions one export writes, inside a worker's timeout (gunicorn's 30 s by default):
# an engineering choice from the 1M-session bench on a shared 2-core machine, where a year of
# 170,000 sessions took 6.6 s, so this is about 15 s.
LIMIT = 400_000


@dataclass(frozen=True, slots=True)
class Visit:
    pk: int
    episode_id: int
    patient_id: int
    performed_at: datetime
    chart_number: str
    patient: str  # the patient's full name
    clinician: str  # the clinician's display name
    needled: list[tuple[str, str]]  # (knowledge base muscle id, side)

    def needled_muscles(self) -> list[tuple[str, str]]:
        """As `TreatmentSession.needled_muscles`: what `rules.billing_lines` counts."""
        return [(anatomical_id(muscle), side) for muscle, side in self.needled]


def visits(sessions) -> list[Visit]:
    """`sessions` (a queryset of one clinic's sessions) in order of time, two queries."""
    needled = defaultdict(list)
    for session_id, muscle, side in (
        Needling.objects.filter(session__in=sessions.values("pk"))
        .order_by("pk")
        .values_list("session_id", "muscle", "side")
    ):
        needled[session_id].append((muscle, side))
    columns = (
        "pk", "episode_id", "patient_id", "performed_at", "patient__chart_number",
        "patient__given_name", "patient__family_name", "clinician__first_name",
        "clinician__last_name", "clinician__username",
    )  # fmt: skip
    return [
        Visit(pk, episode, patient, at, chart, full_name(given, family),
              display_name(first, last, username), needled[pk])
        for pk, episode, patient, at, chart, given, family, first, last, username
        in sessions.order_by("performed_at", "pk").values_list(*columns)
    ]  # fmt: skip


def text(chosen: list[Visit]) -> str:
    """The CSV of `chosen`: a header and a line a visit. Written whole into memory, then sent:
    writing each line to the response worked out its character set again per line."""
    out, tz = io.StringIO(), timezone.get_current_timezone()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for line in rules.billing_lines(chosen):
        v = line["session"]
        writer.writerow([
            f"{v.performed_at.astimezone(tz):%Y-%m-%d}", safe_cell(v.chart_number),
            safe_cell(v.patient), safe_cell(v.clinician), line["cpt_code"], line["muscles"],
            " ".join(line["diagnoses"]),
        ])  # fmt: skip
    return out.getvalue()
