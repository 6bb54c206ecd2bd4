"""Adverse events of needling → FHIR AdverseEvent (R4: actuality, event, severity)."""

from taut.fhir.base import instant, meta, ref
from taut.fhir.codes import ACTION_TAKEN, ADVERSE_EVENT_SEVERITY, ADVERSE_KIND, concept
from taut.fhir.strings import text as clean
from taut.treatment.models import AdverseKind, Severity

# The columns read; the session's come as `performed_at` and `patient_id`, and `needled`
# says whether anything was needled in it.
FIELDS = ("id", "session_id", "kind", "severity", "details", "action_taken")
KINDS, SEVERITIES = dict(AdverseKind.choices), dict(Severity.choices)


def adverse_event_resource(row: dict, patient_uuid: str) -> dict:
    kind = KINDS.get(row["kind"], row["kind"])
    details = clean(row["details"])
    text = kind + (f": {details}" if details else "")
    session = row["session_id"]
    out = {
        "resourceType": "AdverseEvent",
        "id": f"adverse-event-{row['id']}",
        "meta": meta(row["performed_at"]),
        "actuality": "actual",
        "event": concept(ADVERSE_KIND, row["kind"], kind, text),
        "subject": ref("Patient", patient_uuid),
        "encounter": ref("Encounter", f"session-{session}"),
        "date": instant(row["performed_at"]),
        "severity": concept(ADVERSE_EVENT_SEVERITY, row["severity"],
                            SEVERITIES.get(row["severity"], row["severity"])),
    }  # fmt: skip
    if row["needled"]:
        out["suspectEntity"] = [{"instance": ref("Procedure", f"needling-session-{session}")}]
    if action := clean(row["action_taken"]):
        out["extension"] = [{"url": ACTION_TAKEN, "valueString": action}]
    return out
