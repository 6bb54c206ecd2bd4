"""What the intake screens for: red flags for serious pathology, and dry needling
contraindications, each with the source it rests on. Labels are in Taut's own words.

Three kinds of contraindication:
- absolute: no needling at all in the episode while one is on the latest intake;
- relative: needling may go ahead once the clinician has considered it;
- at a site: no needling into the named limb or quadrant, the rest of the body stays open.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

SOURCES: dict[str, str] = {
    "finucane2020": "Finucane LM, Downie A, Mercer C, et al. International framework for red "
    "flags for potential serious spinal pathologies. J Orthop Sports Phys Ther. "
    "2020;50(7):350-372.",
    "ifompt2023": "Rushton A, Carlesso LC, Flynn T, et al. International framework for "
    "examination of the cervical region for potential of vascular pathologies of the neck "
    "prior to musculoskeletal intervention: International IFOMPT Cervical Framework. J Orthop "
    "Sports Phys Ther. 2023;53(1):7-22 (the framework document of 2020, updated).",
    "cook2010": "Cook C, Brown C, Isaacs R, et al. Clustered clinical findings for diagnosis "
    "of cervical spine myelopathy. J Man Manip Ther. 2010;18(4):175-180.",
    "do2019": "Do TP, Remmers A, Schytz HW, et al. Red and orange flags for secondary "
    "headaches in clinical practice: SNNOOP10 list. Neurology. 2019;92(3):134-144.",
    "nice_cg95": "National Institute for Health and Care Excellence. Recent-onset chest pain "
    "of suspected cardiac origin: assessment and diagnosis. Clinical guideline CG95; 2010, "
    "updated 2016.",
    "asap2013": "Australian Society of Acupuncture Physiotherapists. Guidelines for safe "
    "acupuncture and dry needling practice. 2013.",
    "dommerholt2019": "Dommerholt J, Fernandez-de-las-Penas C (eds). Trigger Point Dry "
    "Needling: An Evidence and Clinical-Based Approach. 2nd ed. Elsevier; 2019, chapter on "
    "safety.",
}


@dataclass(frozen=True)
class Item:
    """One screening question: its label and the keys of SOURCES it rests on, with a note
    where Taut's use of it is a choice of its own rather than the source's words."""

    label: str
    sources: tuple[str, ...]
    note: str = ""

    @property
    def citation(self) -> str:
        return " ".join(SOURCES[key] for key in self.sources)


SPINE = ("finucane2020",)
NEEDLING = ("asap2013", "dommerholt2019")

RED_FLAG_ITEMS: dict[str, Item] = {
    "weight_loss": Item("Unexplained weight loss", SPINE),
    "night_pain": Item("Constant pain at night, not eased by rest or position", SPINE),
    "fever": Item("Fever, chills or feeling generally unwell", SPINE),
    "cancer_history": Item("History of cancer", SPINE),
    "bowel_bladder": Item("New change in bowel or bladder control", SPINE),
    "saddle_numbness": Item("Numbness around the groin, genitals or back passage", SPINE),
    "major_trauma": Item("Recent major trauma (a fall from height, a road accident)", SPINE),
    "progressive_weakness": Item("Progressive weakness or numbness in the arms or legs", SPINE),
    "steroid_use": Item("Long-term corticosteroid use", SPINE),
    "immunosuppression": Item("Intravenous drug use or a weakened immune system", SPINE),
    "exertional_chest_pain": Item(
        "Chest, jaw or arm pain that comes on with exertion and settles with rest",
        ("nice_cg95",),
        "Pain of possible cardiac origin: the guideline's features of angina.",
    ),
    "cervical_arterial": Item(
        "Dizziness, double vision, slurred speech, trouble swallowing, sudden falls, "
        "nausea, jerky eye movements or numbness of the face",
        ("ifompt2023",),
        "Symptoms that may come from the arteries of the neck (the 5 D's and 3 N's).",
    ),
    "myelopathy": Item(
        "Clumsy hands, or a change in walking or balance",
        ("cook2010",),
        "Signs that the spinal cord in the neck may be compressed.",
    ),  # fmt: skip
    "headache_new": Item(
        "A new headache unlike any before, the worst ever, or one that struck like a thunderclap",
        ("do2019", "ifompt2023"),
    ),
    "first_episode_over_50": Item(
        "A first episode of this pain after the age of 50",
        ("finucane2020", "do2019"),
        "Age over 50 raises the likelihood of cancer (spine) and of a secondary headache.",
    ),
    "osteoporosis": Item(
        "Osteoporosis, or a bone broken in a minor fall",
        SPINE,
        "Risk factors for a fracture of the spine.",
    ),  # fmt: skip
}
REFERRAL_ADVICE = (
    "A red flag was reported. Consider whether a serious condition needs ruling out, and "
    "refer to a physician before or instead of treatment when that is indicated."
)

# Absolute contraindications: needling must not be recorded while one is on file.
ABSOLUTE_ITEMS: dict[str, Item] = {
    "needle_phobia": Item("Needle phobia", NEEDLING),
    "no_consent": Item("Unable or unwilling to give consent", NEEDLING),
    "cognitive_impairment": Item(
        "Cognitive impairment, or unable to understand or communicate during treatment",
        NEEDLING,
    ),
    "medical_emergency": Item("Acute medical emergency", NEEDLING),
    "intoxication": Item("Under the influence of alcohol or drugs", NEEDLING),
    "pregnancy_first_trimester": Item(
        "Pregnancy, first trimester",
        NEEDLING,
        "The sources advise against needling in the first trimester; Taut blocks it.",
    ),  # fmt: skip
}
# Relative contraindications: needling may go ahead with care; shown on every session.
RELATIVE_ITEMS: dict[str, Item] = {
    "anticoagulants": Item("Anticoagulants or a bleeding disorder", NEEDLING),
    "immunocompromised": Item("Compromised immunity", NEEDLING),
    "pregnancy": Item(
        "Pregnancy",
        NEEDLING,
        "At any stage, Taut also blocks the abdominal and lumbopelvic sites.",
    ),  # fmt: skip
    "vascular_disease": Item("Vascular disease", NEEDLING),
    "diabetes_sensation": Item("Diabetes with poor sensation", NEEDLING),
    "epilepsy": Item("Epilepsy", NEEDLING),
    "metal_allergy": Item("Metal allergy", NEEDLING),
    "latex_allergy": Item("Latex allergy (use latex-free gloves)", NEEDLING),
    "implants": Item("Implants (joint replacement, breast implants) near the area", NEEDLING),
    "electrical_implant": Item(
        "Pacemaker, spinal cord stimulator or other electrical implant (no electrical "
        "stimulation through the needles)",
        NEEDLING,
    ),
    "vasovagal": Item(
        "Has fainted or nearly fainted with needles or injections (treat lying down)", NEEDLING
    ),
    "active_cancer": Item("Active cancer or cancer treatment", NEEDLING),
    "child": Item("Child (under 18)", NEEDLING),
}
# Contraindications at a site: no needling into the limb or quadrant named.
SITE_ITEMS: dict[str, Item] = {
    "local_infection": Item("Infection or broken skin", NEEDLING),
    "lymphoedema": Item(
        "Lymphoedema",
        NEEDLING,
        "Blocks the affected limb or quadrant only; tick the limb and its trunk quadrant "
        "when both are affected.",
    ),  # fmt: skip
    "tumour_irradiated": Item("Tumour or irradiated tissue", NEEDLING),
    "recent_surgery": Item("Recent surgery", NEEDLING),
}
# Keys of older intakes, kept so that what was recorded still shows and still counts: these
# were asked without a site, so they keep the reach they had when recorded.
LEGACY_ABSOLUTE = {"lymphoedema_limb": "Needling into a limb with lymphoedema (limb not named)"}
LEGACY_RELATIVE = {"local_infection": "Local skin infection or lesion at the needling site"}

RED_FLAGS: dict[str, str] = {k: i.label for k, i in RED_FLAG_ITEMS.items()}
ABSOLUTE_CONTRAINDICATIONS: dict[str, str] = {k: i.label for k, i in ABSOLUTE_ITEMS.items()}
RELATIVE_CONTRAINDICATIONS: dict[str, str] = {k: i.label for k, i in RELATIVE_ITEMS.items()}
SITE_CONTRAINDICATIONS: dict[str, str] = {k: i.label for k, i in SITE_ITEMS.items()}

# --- sites ------------------------------------------------------------------------------------

# The body divided into areas a lymphoedema or a wound is described by, each per side.
AREAS: dict[str, str] = {
    "head_neck": "head and neck",
    "arm": "shoulder, arm and hand",
    "upper_trunk": "chest, armpit and upper back",
    "abdomen": "abdomen",
    "low_back_pelvis": "low back, buttock and pelvis",
    "leg": "hip, thigh, leg and foot",
}
SIDES = {"l": "Left", "r": "Right"}
SITES: dict[str, str] = {
    f"{area}_{side}": f"{side_name} {name}"
    for area, name in AREAS.items()
    for side, side_name in SIDES.items()
}
# Areas pregnancy closes at any stage (ASAP 2013; Dommerholt 2019).
PREGNANCY_AREAS = ("abdomen", "low_back_pelvis")

# A muscle's area is its knowledge base group's, unless named here.
AREA_OF_GROUP = {
    "head_neck": "head_neck", "shoulder_arm": "arm", "forearm_hand": "arm",
    "trunk_back": "upper_trunk", "abdomen_pelvis": "low_back_pelvis", "hip_thigh": "leg",
    "leg_foot": "leg",
}  # fmt: skip
AREA_OF_MUSCLE = {
    **dict.fromkeys(
        ("middle_trapezius", "lower_trapezius", "rhomboids", "latissimus_dorsi",
         "serratus_anterior", "serratus_posterior_superior", "pectoralis_major_clavicular",
         "pectoralis_major_sternal", "pectoralis_major_costal", "pectoralis_minor",
         "subclavius", "sternalis"),
        "upper_trunk",
    ),
    **dict.fromkeys(
        ("rectus_abdominis_upper", "rectus_abdominis_lower", "external_oblique",
         "internal_oblique", "transversus_abdominis", "pyramidalis", "iliopsoas"),
        "abdomen",
    ),
    **dict.fromkeys(
        ("iliocostalis_lumborum", "lumbar_multifidi", "quadratus_lumborum_superficial",
         "quadratus_lumborum_deep", "gluteus_maximus", "gluteus_medius",
         "gluteus_minimus_anterior", "gluteus_minimus_posterior",
         "quadratus_femoris_and_gemelli", "obturator_externus"),
        "low_back_pelvis",
    ),
}  # fmt: skip


def site_key(contraindication: str, site: str) -> str:
    """How a contraindication at a site is stored: "lymphoedema:arm_l"."""
    return f"{contraindication}:{site}"


def parse_site_key(value: str) -> tuple[str, str] | None:
    """(contraindication, site) of a stored value, or None when it is not one of ours."""
    key, _, site = value.partition(":")
    return (key, site) if key in SITE_ITEMS and site in SITES else None


def site_label(value: str) -> str:
    key, site = parse_site_key(value) or (value, "")
    return f"{SITE_CONTRAINDICATIONS.get(key, key)}: {SITES.get(site, site).lower()}"


def area_of(muscle_id: str, group: str) -> str:
    return AREA_OF_MUSCLE.get(muscle_id) or AREA_OF_GROUP[group]


def sites_of(muscle_id: str, group: str, side: str) -> list[str]:
    """The sites a needle into this muscle on this side enters: a midline muscle is on both."""
    area = area_of(muscle_id, group)
    sides = {"left": ["l"], "right": ["r"]}.get(side, ["l", "r"])
    return [f"{area}_{s}" for s in sides]


@dataclass(frozen=True)
class SiteBlock:
    """Why needling is closed at one site."""

    site: str
    reason: str

    @property
    def site_name(self) -> str:
        return SITES[self.site].lower()


def closed_sites(site_contraindications: Iterable[str], relative: Iterable[str]) -> list[SiteBlock]:
    """Every site closed by an intake's contraindications at a site and by pregnancy."""
    blocks = []
    for value in site_contraindications:
        parsed = parse_site_key(value)
        if parsed:
            blocks.append(SiteBlock(parsed[1], SITE_CONTRAINDICATIONS[parsed[0]]))
    if "pregnancy" in relative:
        blocks += [
            SiteBlock(f"{area}_{side}", "Pregnancy") for area in PREGNANCY_AREAS for side in SIDES
        ]
    return blocks


def labels(keys, table: dict[str, str], legacy: dict[str, str] | None = None) -> list[str]:
    known = {**(legacy or {}), **table}
    return [known[k] for k in keys if k in known]
