"""The myofascial shortlist the diagnosis picker always offers: billable ICD-10-CM codes that
apply to myofascial pain. Any other billable code is found by searching the full set
(taut.icd10).

source: ICD-10-CM 2025 tabular list (CDC/NCHS), category M79 "Other and unspecified soft
tissue disorders, not elsewhere classified".
"""

ICD10_CM: dict[str, str] = {
    "M79.10": "Myalgia, unspecified site",
    "M79.11": "Myalgia of mastication muscle",
    "M79.12": "Myalgia of auxiliary muscles, head and neck",
    "M79.18": "Myalgia, other site",
    "M79.7": "Fibromyalgia",
}
