"""What the intake screens for: red flags for serious pathology, and dry needling
contraindications. Labels are in Taut's own words.

Red flags: Finucane LM, Downie A, Mercer C, et al. International framework for red flags for
potential serious spinal pathologies. J Orthop Sports Phys Ther. 2020;50(7):350-372.
Contraindications: Australian Society of Acupuncture Physiotherapists. Guidelines for safe
acupuncture and dry needling practice. 2013; and Dommerholt J, Fernandez-de-las-Penas C
(eds). Trigger Point Dry Needling. 2nd ed. Elsevier; 2019, ch. 2 (safety).
"""

RED_FLAGS: dict[str, str] = {
    "weight_loss": "Unexplained weight loss",
    "night_pain": "Constant pain at night, not eased by rest or position",
    "fever": "Fever, chills or feeling generally unwell",
    "cancer_history": "History of cancer",
    "bowel_bladder": "New change in bowel or bladder control",
    "saddle_numbness": "Numbness around the groin, genitals or back passage",
    "major_trauma": "Recent major trauma (a fall from height, a road accident)",
    "progressive_weakness": "Progressive weakness or numbness in the arms or legs",
    "steroid_use": "Long-term corticosteroid use",
    "immunosuppression": "Intravenous drug use or a weakened immune system",
}
REFERRAL_ADVICE = (
    "A red flag was reported. Consider whether a serious condition needs ruling out, and "
    "refer to a physician before or instead of treatment when that is indicated."
)

# Absolute contraindications: needling must not be recorded while one is on file.
ABSOLUTE_CONTRAINDICATIONS: dict[str, str] = {
    "needle_phobia": "Needle phobia",
    "no_consent": "Unable or unwilling to give consent",
    "medical_emergency": "Acute medical emergency",
    "lymphoedema_limb": "Needling into a limb with lymphoedema",
}
# Relative contraindications: needling may go ahead with care; shown on every session.
RELATIVE_CONTRAINDICATIONS: dict[str, str] = {
    "anticoagulants": "Anticoagulants or a bleeding disorder",
    "immunocompromised": "Compromised immunity",
    "pregnancy": "Pregnancy",
    "vascular_disease": "Vascular disease",
    "diabetes_sensation": "Diabetes with poor sensation",
    "epilepsy": "Epilepsy",
    "metal_allergy": "Metal allergy",
    "implants": "Implants (pacemaker, joint replacement, breast implants) near the area",
    "local_infection": "Local skin infection or lesion at the needling site",
    "child": "Child (under 18)",
}


def labels(keys, table: dict[str, str]) -> list[str]:
    return [table[k] for k in keys if k in table]
