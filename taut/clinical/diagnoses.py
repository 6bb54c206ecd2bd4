"""Diagnosis codes the record offers: ICD-10-CM codes that apply to myofascial pain.

source: ICD-10-CM 2025 tabular list (CDC/NCHS), category M79 "Other and unspecified soft
tissue disorders, not elsewhere classified". Chosen from this list, never typed.
"""

ICD10_CM: dict[str, str] = {
    "M79.10": "Myalgia, unspecified site",
    "M79.11": "Myalgia of mastication muscle",
    "M79.12": "Myalgia of auxiliary muscles, head and neck",
    "M79.18": "Myalgia, other site",
    "M79.7": "Fibromyalgia",
}
CHOICES = [(code, f"{code} {label}") for code, label in ICD10_CM.items()]
