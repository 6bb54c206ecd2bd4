"""Code systems, extensions and codes used in Taut's FHIR export, each with its source.

A code from LOINC, SNOMED CT, ICD-10-CM or CPT is used only where we found it published (cited
next to it). Everything else is a Taut code system under the deployment's canonical base
(settings.FHIR_CANONICAL_BASE), documented in docs/fhir.md: every Taut URL is built here, from
`canonical`. Never add a LOINC or SNOMED CT code here that you have not looked up.
"""

from django.conf import settings

from taut.fhir.strings import text as _text

# Read once: a deployment's base does not change while it runs (the setting says why).
BASE = settings.FHIR_CANONICAL_BASE


def canonical(path: str) -> str:
    """A URL Taut mints: `path` under the deployment's canonical base."""
    return f"{BASE}/{path}"


def taut_system(name: str) -> str:
    return canonical(f"CodeSystem/{name}")


def taut_extension(name: str) -> str:
    return canonical(f"StructureDefinition/{name}")


# External code systems (their canonical URIs, as FHIR R4 names them).
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
ICD10_CM = "http://hl7.org/fhir/sid/icd-10-cm"
CPT = "http://www.ama-assn.org/go/cpt"
UCUM = "http://unitsofmeasure.org"
# FHIR R4 code systems (terminology.hl7.org) for the elements that bind to them.
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
ADVERSE_EVENT_SEVERITY = "http://terminology.hl7.org/CodeSystem/adverse-event-severity"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"

# Taut code systems.
PATIENT_ID = canonical("sid/patient-uuid")  # identifier system of Taut's patient uuids
MUSCLE = taut_system("muscle")  # taut/kb muscle ids
TRIGGER_POINT = taut_system("trigger-point")  # taut/kb trigger point ids
BODY_REGION = taut_system("body-region")  # taut/kb atlas base region ids
MOVEMENT = taut_system("movement")  # taut/kb movement ids
PAIN_QUALITY = taut_system("pain-quality")  # the pain drawing's qualities
NEEDLING_TECHNIQUE = taut_system("needling-technique")  # treatment.Technique
ADVERSE_KIND = taut_system("adverse-event-kind")  # treatment.AdverseKind
OBSERVATION = taut_system("observation")  # Taut's observation codes (below)
# The 2018 Delphi classification of a palpated trigger point (taut.clinical.delphi).
TRIGGER_POINT_CLASS = taut_system("trigger-point-classification")
PROCEDURE = taut_system("procedure")  # Taut's procedure codes (below)
QUESTIONNAIRE = canonical("Questionnaire")  # canonical base of the instruments


def chart_number_system(clinic_slug: str) -> str:
    """A clinic's own chart numbers: an identifier system per clinic."""
    return canonical(f"sid/chart-number/{clinic_slug}")


# Extensions Taut defines (docs/fhir.md describes each).
LATERALITY = taut_extension("laterality")  # valueCodeableConcept, SNOMED CT side
PAIN_QUALITY_EXT = taut_extension("pain-quality")  # valueCoding, PAIN_QUALITY
NEEDLE_LENGTH = taut_extension("needle-length")  # valueQuantity, mm
NEEDLE_GAUGE = taut_extension("needle-gauge")  # valueQuantity, mm (diameter)
INSERTIONS = taut_extension("needle-insertions")  # valueInteger
TWITCHES = taut_extension("local-twitch-responses")  # valueInteger
TECHNIQUE = taut_extension("needling-technique")  # valueCoding, NEEDLING_TECHNIQUE
TRIGGER_POINT_EXT = taut_extension("trigger-point")  # valueCoding, TRIGGER_POINT
ACTION_TAKEN = taut_extension("action-taken")  # valueString
CONSENT_WITNESS = taut_extension("consent-witness")  # valueString, who witnessed the consent

# LOINC. source: LOINC 72514-3 "Pain severity - 0-10 verbal numeric rating [Score] -
# Reported" (as used in HL7 Europe's EPS examples, hl7-eu/eps; loinc.org/72514-3).
NPRS = "72514-3"
NPRS_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
# source: loinc.org/97909-6 "Oswestry disability index score ODI", reported as a percent,
# member of panel 97908-8 "Oswestry Disability Index".
ODI_SCORE = "97909-6"
# Questionnaire totals with a LOINC code we could confirm; the rest use Taut codes
# (score-<instrument>); docs/fhir.md lists what we looked for and why each is Taut's.
SCORE_LOINC = {
    "nprs": (NPRS, NPRS_DISPLAY),
    "odi": (ODI_SCORE, "Oswestry disability index score ODI"),
}

# source: LOINC 11506-3 "Progress note", the first code of the ProgressNoteDocumentTypeCode
# value set (2.16.840.1.113883.11.20.8.1) of HL7's C-CDA on FHIR guide (hl7.org/fhir/us/ccda).
PROGRESS_NOTE = ("11506-3", "Progress note")
# source: LOINC 59284-0 (Patient consent), in the FHIR R4 example value set consent-category
# (hl7.org/fhir/R4/valueset-consent-category.html), the category HL7's consent examples use.
CONSENT_DOCUMENT = "59284-0"

# SNOMED CT laterality qualifiers. source: HL7 FHIR value set bodystructure-laterality and
# mCODE LateralityQualifierVS (7771000 Left, 24028007 Right, 51440002 Right and left,
# 399488007 Midline), expanded from SNOMED CT International edition.
SIDES = {
    "left": ("7771000", "Left"),
    "right": ("24028007", "Right"),
    "bilateral": ("51440002", "Right and left"),
    "midline": ("399488007", "Midline"),
}

# FHIR R4 value sets the resources bind to.
# source: hl7.org/fhir/R4/codesystem-observation-category.html
SURVEY, EXAM = "survey", "exam"
# source: hl7.org/fhir/R4/v3/ActCode (AMB = ambulatory)
AMBULATORY = ("AMB", "ambulatory")
# source: hl7.org/fhir/R4/valueset-consent-scope.html ("Consent to undergo a specific treatment")
TREATMENT_SCOPE = ("treatment", "Treatment")

# Taut's own observation and procedure codes.
OBSERVATION_CODES = {
    "pain-now": "Pain now at intake (0-10)",
    "pain-best": "Pain at its best in the last week, at intake (0-10)",
    "pain-worst": "Pain at its worst in the last week, at intake (0-10)",
    "pain-before-treatment": "Pain before treatment in the session (0-10)",
    "pain-after-treatment": "Pain after treatment in the session (0-10)",
    "pain-drawing": "Pain drawing: regions, intensity and quality",
    "rom-painful": "The movement was painful",
    "trigger-point-palpation": "Trigger point examined by palpation",
    # The findings of the 2018 Delphi consensus (taut.clinical.delphi), one component each.
    "taut-band": "Taut band palpable",
    "hypersensitive-spot": "Hypersensitive spot in the taut band",
    "referred-pain": "Referred pain on palpation",
    "recognised-pain": "The patient recognises the pain",
    "local-twitch": "Local twitch response",
}
TRIGGER_POINT_CLASSES = {
    "active": "Active trigger point",
    "latent": "Latent trigger point",
    "none": "Not a trigger point",
}
PROCEDURE_CODES = {
    "dry-needling": "Dry needling of one muscle",
    "dry-needling-session": "Dry needling in one session",
}


def coding(system: str, code: str, display: str | None = None) -> dict:
    out = {"system": system, "code": code}
    if display := _text(display):
        out["display"] = display
    return out


def concept(system: str, code: str, display: str | None = None, text: str | None = None) -> dict:
    out: dict = {"coding": [coding(system, code, display)]}
    if text := _text(text):
        out["text"] = text
    return out


def laterality(side: str) -> dict:
    """The laterality extension for a side (left, right, bilateral or midline)."""
    code, display = SIDES[side]
    return {"url": LATERALITY, "valueCodeableConcept": concept(SNOMED, code, display)}
