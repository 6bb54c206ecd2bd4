"""Adverse events of needling → FHIR AdverseEvent (R4: actuality, event, severity)."""

from taut.fhir.base import instant, meta, ref
from taut.fhir.codes import ACTION_TAKEN, ADVERSE_EVENT_SEVERITY, ADVERSE_KIND, concept
from taut.fhir.strings import text as clean


def adverse_event_resource(event, session, patient_uuid: str, needled: bool) -> dict:
    details = clean(event.details)
    text = event.get_kind_display() + (f": {details}" if details else "")
    out = {
        "resourceType": "AdverseEvent",
        "id": f"adverse-event-{event.pk}",
        "meta": meta(session.performed_at),
        "actuality": "actual",
        "event": concept(ADVERSE_KIND, event.kind, event.get_kind_display(), text),
        "subject": ref("Patient", patient_uuid),
        "encounter": ref("Encounter", f"session-{session.pk}"),
        "date": instant(session.performed_at),
        "severity": concept(ADVERSE_EVENT_SEVERITY, event.severity, event.get_severity_display()),
    }
    if needled:
        out["suspectEntity"] = [{"instance": ref("Procedure", f"needling-session-{session.pk}")}]
    if action := clean(event.action_taken):
        out["extension"] = [{"url": ACTION_TAKEN, "valueString": action}]
    return out
