"""Stored questionnaire answers → FHIR QuestionnaireResponse (items in questionnaire order)."""

from taut.fhir.base import instant, meta, ref
from taut.fhir.codes import QUESTIONNAIRE
from taut.fhir.strings import text as clean
from taut.measures.instruments import SPECS

FIELDS = ("id", "patient_id", "instrument", "answers", "answered_at", "created_at",
          "by_patient", "entered_by_id")  # fmt: skip


def _answer(value) -> list[dict]:
    """An item's answer as stored; none for an item the patient left blank."""
    if value is None or (isinstance(value, str) and not clean(value)):
        return []
    if isinstance(value, bool):
        return [{"valueBoolean": value}]
    if isinstance(value, int):
        return [{"valueInteger": value}]
    if isinstance(value, float):
        return [{"valueDecimal": value}]
    return [{"valueString": clean(value)}]


def _item(link_id: str, value, text: str | None = None) -> dict:
    item = {"linkId": link_id}
    if text := clean(text):
        item["text"] = text
    if answer := _answer(value):
        item["answer"] = answer
    return item


def items(instrument: str, answers) -> list[dict]:
    if instrument == "psfs":
        activities = answers.get("activities") or []
        return [_item(str(k), value, activities[k - 1] if k <= len(activities) else None)
                for k, value in enumerate(answers.get("items", []), 1)]  # fmt: skip
    if instrument == "acr2016":
        areas = {"linkId": "areas", "text": "Painful areas"}
        if named := [area for a in answers.get("areas") or [] if (area := clean(a))]:
            areas["answer"] = [{"valueString": a} for a in named]
        rest = [_item(key, value) for key, value in answers.items() if key != "areas"]
        return [areas, *rest]
    labels = SPECS[instrument].labels
    return [_item(str(k), value, labels[k - 1] if k <= len(labels) else None)
            for k, value in enumerate(answers, 1)]  # fmt: skip


def questionnaire_response(row: dict, patient_uuid: str, entered_by: dict | None) -> dict:
    """A response row (FIELDS); `entered_by` is the `person` who entered it, unless the patient
    answered it themselves."""
    patient = ref("Patient", patient_uuid)
    out = {
        "resourceType": "QuestionnaireResponse",
        "id": f"qr-{row['id']}",
        "meta": meta(row["created_at"]),
        "questionnaire": f"{QUESTIONNAIRE}/{row['instrument']}",
        "status": "completed",
        "subject": patient,
        "authored": instant(row["answered_at"]),
        "author": patient if row["by_patient"] else entered_by,
        "item": items(row["instrument"], row["answers"]),
    }
    if row["by_patient"]:
        out["source"] = patient
    return out
