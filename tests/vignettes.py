"""The development pain-drawing cases (shared/vignettes/dev.yaml), copied with their mapping
onto atlas base regions so the suite stands on its own.

Each case keeps the drawing's surface terms (`terms`) and the atlas base regions they map to
(`regions`); `sided()` gives the atlas region ids on the case's side. A case is a hit when any
muscle of `expect_any` (or every muscle of `expect_all`) is among the top k distinct muscles.
Muscles are named as in the source file; `MUSCLE_IDS` maps those names to catalog muscle ids
(a name that covers several parts maps to all of them).
"""

from dataclasses import dataclass

# Surface term in the cases -> atlas base region.
TERM_TO_REGION = {
    "posterolateral_neck": "posterolateral_neck",
    "mastoid": "mastoid",
    "temple": "temple",
    "angle_of_mandible": "jaw_angle",
    "forehead": "forehead",
    "deep_ear": "deep_ear",
    "behind_ear": "behind_ear",
    "pectoral": "pectoral",
    "lateral_arm": "lateral_arm",
    "radial_forearm": "volar_radial_forearm",
    "thumb": "thumb",
    "index_finger": "index_finger",
    "anterior_shoulder_deep": "anterior_shoulder",
    "anterolateral_arm": "lateral_arm",
    "radial_hand": "thenar",
    "posterior_deltoid_local": "posterior_shoulder",
    "sacroiliac_joint": "sacroiliac_joint",
    "lower_buttock": "lower_buttock",
    "greater_trochanter": "greater_trochanter",
    "iliac_crest": "iliac_crest",
    "lower_lateral_buttock": "lateral_buttock",
    "lateral_thigh": "lateral_thigh",
    "posterior_thigh": "posterior_thigh",
    "lateral_leg": "lateral_leg",
    "calf": "calf",
    "posterior_plantar_heel": "plantar_heel",
    "lateral_epicondyle": "lateral_epicondyle",
    "dorsal_forearm": "dorsal_forearm",
    "dorsal_thumb_web": "dorsal_thumb_web",
    "eyebrow": "eyebrow",
    "upper_teeth": "upper_teeth",
    "medial_knee": "medial_knee",
    "vertebral_border_scapula": "vertebral_border_scapula",
    "interscapular": "interscapular",
    "lumbar_paraspinal": "lumbar_paraspinal",
    "upper_buttock": "upper_buttock",
    "anterior_thigh": "anterior_thigh",
    "anteromedial_ankle": "anterior_ankle",
    "dorsal_medial_great_toe": "dorsal_great_toe",
    "radial_forearm_dorsal": "dorsal_radial_forearm",
    "dorsal_hand_near_thumb": "dorsal_thumb_web",
}

# Muscle name in the cases -> catalog muscle ids.
MUSCLE_IDS = {
    "upper trapezius": ["upper_trapezius"],
    "sternocleidomastoid": ["sternocleidomastoid_sternal", "sternocleidomastoid_clavicular"],
    "sternocleidomastoid clavicular": ["sternocleidomastoid_clavicular"],
    "scalenes": ["scalene_anterior", "scalene_medius", "scalene_posterior"],
    "infraspinatus": ["infraspinatus"],
    "teres minor": ["teres_minor"],
    "deltoid posterior": ["deltoid_posterior"],
    "teres major": ["teres_major"],
    "quadratus lumborum": ["quadratus_lumborum_superficial", "quadratus_lumborum_deep"],
    "gluteus minimus": ["gluteus_minimus_anterior", "gluteus_minimus_posterior"],
    "soleus": ["soleus"],
    "quadratus plantae": ["quadratus_plantae"],
    "abductor hallucis": ["abductor_hallucis"],
    "supinator": ["supinator"],
    "brachioradialis": ["brachioradialis"],
    "extensor carpi radialis longus": ["extensor_carpi_radialis_longus"],
    "temporalis": ["temporalis"],
    "vastus medialis": ["vastus_medialis"],
    "gracilis": ["gracilis"],
    "sartorius": ["sartorius"],
    "rhomboids": ["rhomboids"],
    "levator scapulae": ["levator_scapulae"],
    "middle trapezius": ["middle_trapezius"],
    "iliopsoas": ["iliopsoas"],
    "tibialis anterior": ["tibialis_anterior"],
}


@dataclass(frozen=True)
class Case:
    id: str
    side: str
    terms: tuple[str, ...]
    k: int
    expect_any: tuple[str, ...] = ()
    expect_all: tuple[str, ...] = ()

    @property
    def regions(self) -> tuple[str, ...]:
        """The drawing as atlas base regions."""
        return tuple(dict.fromkeys(TERM_TO_REGION[t] for t in self.terms))

    def sided(self, midline: frozenset[str] = frozenset()) -> list[str]:
        """The drawing as atlas region ids on the case's side (midline regions unsided)."""
        suffix = "_r" if self.side == "right" else "_l"
        return [r if r in midline else r + suffix for r in self.regions]

    def is_hit(self, top_muscles: list[str]) -> bool:
        """Whether the top-k distinct catalog muscle ids satisfy the case."""
        top = set(top_muscles[: self.k])
        if self.expect_all:
            return all(top & set(MUSCLE_IDS[name]) for name in self.expect_all)
        return any(top & set(MUSCLE_IDS[name]) for name in self.expect_any)


def _case(id, side, terms, k, expect_any=(), expect_all=()):
    return Case(id, side, tuple(terms), k, tuple(expect_any), tuple(expect_all))


DEV_CASES = [
    _case("d01", "right", ["posterolateral_neck", "mastoid", "temple", "angle_of_mandible"], 3,
          ["upper trapezius"]),
    _case("d02", "left", ["forehead", "deep_ear", "behind_ear"], 3,
          ["sternocleidomastoid clavicular", "sternocleidomastoid"]),
    _case("d03", "right", ["pectoral", "lateral_arm", "radial_forearm", "thumb", "index_finger"],
          3, ["scalenes"]),
    _case("d04", "left", ["anterior_shoulder_deep", "anterolateral_arm", "radial_hand"], 3,
          ["infraspinatus"]),
    _case("d05", "right", ["posterior_deltoid_local"], 3,
          ["teres minor", "deltoid posterior", "teres major"]),
    _case("d06", "left", ["sacroiliac_joint", "lower_buttock", "greater_trochanter",
                          "iliac_crest"], 3, ["quadratus lumborum"]),
    _case("d07", "right", ["lower_lateral_buttock", "lateral_thigh", "posterior_thigh",
                           "lateral_leg", "calf"], 3, ["gluteus minimus"]),
    _case("d08", "left", ["posterior_plantar_heel"], 3,
          ["soleus", "quadratus plantae", "abductor hallucis"]),
    _case("d09", "right", ["lateral_epicondyle", "dorsal_forearm", "dorsal_thumb_web"], 3,
          ["supinator", "brachioradialis", "extensor carpi radialis longus"]),
    _case("d10", "left", ["temple", "eyebrow", "upper_teeth"], 3, ["temporalis"]),
    _case("d11", "right", ["medial_knee"], 3, ["vastus medialis", "gracilis", "sartorius"]),
    _case("d12", "left", ["vertebral_border_scapula", "interscapular"], 3,
          ["rhomboids", "levator scapulae", "middle trapezius"]),
    _case("d13", "right", ["lumbar_paraspinal", "sacroiliac_joint", "upper_buttock",
                           "anterior_thigh"], 3, ["iliopsoas"]),
    _case("d14", "left", ["anteromedial_ankle", "dorsal_medial_great_toe"], 3,
          ["tibialis anterior"]),
    _case("d15", "right", ["lateral_epicondyle", "radial_forearm_dorsal",
                           "dorsal_hand_near_thumb"], 3, ["extensor carpi radialis longus"]),
    _case("d16", "right", ["temple", "posterolateral_neck", "lateral_epicondyle",
                           "dorsal_forearm", "dorsal_thumb_web"], 5,
          expect_all=["upper trapezius", "supinator"]),
    _case("d17", "left", ["anterior_shoulder_deep", "anterolateral_arm",
                          "posterior_plantar_heel"], 5, expect_all=["infraspinatus", "soleus"]),
]  # fmt: skip
