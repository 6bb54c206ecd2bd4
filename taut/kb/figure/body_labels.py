"""Label maps of the half body: which base region each cell of the neck, trunk, arm, hand
and leg patches belongs to, in the anterior and posterior views."""

# Label maps. One character per lane, listed from the centre line (or the medial edge)
# outward; the legend maps characters to base region ids.
_NECK = {
    "anterior": ("tnL", {"t": "throat", "n": "anterior_neck", "L": "lateral_neck"}),
    "posterior": (
        "cpP",
        {"c": "cervical_spine", "p": "posterior_neck", "P": "posterolateral_neck"},
    ),
}

_TRUNK_ANTERIOR = """
sicccccS
siiiiiiS
sPPPPPPS
sPPPnnPa
sPPPnnPa
xlllllLL
eellllLL
eeUUUULL
eeUUUULL
uuwwwAAA
uuwwwAAA
wwwwwAAA
wwwwwAAA
ppwwwAAA
ppwwwAAA
gGGGGAAA
gGGGGAAA
"""
_TRUNK_ANTERIOR_LEGEND = {
    "s": "sternum", "i": "infraclavicular", "c": "supraclavicular", "S": "anterior_shoulder",
    "P": "pectoral", "n": "nipple", "a": "axilla", "x": "xiphoid", "l": "lower_chest",
    "L": "lateral_chest", "e": "epigastric", "U": "upper_abdomen", "u": "periumbilical",
    "w": "lower_abdomen", "A": "lateral_abdomen", "p": "suprapubic", "g": "genital",
    "G": "groin",
}  # fmt: skip

_TRUNK_POSTERIOR = """
Thhhhhha
TIVqqqqP
TIVCCCCP
TIVCCCCX
TIVCCCXX
TIVNNCXX
TMMMMMMX
TMMMMMMM
TMMMMMMM
TJJFFFFF
KRRFFFFF
KRRRFFFF
KRRZZZZZ
YWWBBBDD
YWWBBBDD
OQQQBBDD
EQQQQDDD
"""
_TRUNK_POSTERIOR_LEGEND = {
    "T": "thoracic_spine", "h": "upper_shoulder", "a": "acromion", "I": "interscapular",
    "V": "vertebral_border_scapula", "q": "suprascapular", "P": "posterior_shoulder",
    "C": "scapula", "X": "posterior_axilla", "N": "inferior_angle_scapula", "M": "mid_back",
    "J": "thoracolumbar", "F": "flank", "K": "lumbar_spine", "R": "lumbar_paraspinal",
    "Z": "iliac_crest", "Y": "sacrum", "W": "sacroiliac_joint", "B": "upper_buttock",
    "D": "lateral_buttock", "O": "coccyx", "Q": "lower_buttock", "E": "perineum",
}  # fmt: skip

# Arm lanes run from the inner (ulnar) edge to the outer (radial) edge; the palm faces
# forward (anatomical position), so the front view shows the palm and the back view the
# back of the hand, with the thumb outermost in both.
_ARM_ANTERIOR = """
SSss
SSss
SSss
aSss
aBBs
mBBl
mBBl
mBBl
eCCl
eCCr
uvvr
uvvr
uvvr
uvvr
uvvr
wwww
"""
_ARM_ANTERIOR_LEGEND = {
    "S": "anterior_shoulder", "s": "lateral_shoulder", "a": "axilla", "B": "anterior_arm",
    "m": "medial_arm", "l": "lateral_arm", "e": "medial_epicondyle", "C": "antecubital",
    "u": "volar_ulnar_forearm", "v": "volar_forearm", "r": "volar_radial_forearm",
    "w": "volar_wrist",
}  # fmt: skip

_ARM_POSTERIOR = """
ccPP
PPPP
PPPP
xPPP
xPPP
nTTo
nTTo
nTTo
nOOo
nOOE
UDDE
UDDR
UDDR
UDDR
UDDR
YWWN
"""
_ARM_POSTERIOR_LEGEND = {
    "c": "acromion", "P": "posterior_shoulder", "x": "posterior_axilla",
    "n": "posteromedial_arm", "T": "posterior_arm", "o": "posterolateral_arm",
    "O": "olecranon", "E": "lateral_epicondyle", "U": "dorsal_ulnar_forearm",
    "D": "dorsal_forearm", "R": "dorsal_radial_forearm", "Y": "ulnar_wrist",
    "W": "dorsal_wrist", "N": "snuffbox",
}  # fmt: skip

# Palm lanes: little, ring, middle, index finger columns.
_PALM = {
    "anterior": ("hptt hptt hppt pppp", {"h": "hypothenar", "p": "palm", "t": "thenar"}),
    "posterior": (
        "ddds dddw dddw dddw",
        {"d": "dorsal_hand", "w": "dorsal_thumb_web", "s": "snuffbox"},
    ),
}
_FINGERS = {
    "anterior": ("little_finger", "ring_finger", "middle_finger", "index_finger"),
    "posterior": (
        "dorsal_little_finger",
        "dorsal_ring_finger",
        "dorsal_middle_finger",
        "dorsal_index_finger",
    ),
}
# Thumb cells: the wedge joining it to the hand (wrist part, web part), then the thumb.
_THUMB = {
    "anterior": (("thenar", "thenar"), "thumb"),
    "posterior": (("snuffbox", "dorsal_thumb"), "dorsal_thumb"),
}

_LEG_ANTERIOR = """
MMAAHHH
MMAAAHL
MMAAALL
MMAAALL
MMAAALL
MMBBBLL
KBBBBBJ
KKPPPJJ
KKPPPJJ
KKSSSJJ
IISSSOO
IISSSOO
IISSSOO
IISSSOO
IISSSOO
NNTTTOO
NNTTTOO
"""
_LEG_ANTERIOR_LEGEND = {
    "M": "medial_thigh", "A": "anterior_thigh", "H": "anterior_hip", "L": "lateral_thigh",
    "B": "lower_anterior_thigh", "K": "medial_knee", "J": "lateral_knee", "P": "patella",
    "S": "shin", "I": "medial_leg", "O": "lateral_leg", "N": "medial_malleolus",
    "T": "anterior_ankle",
}  # fmt: skip

_LEG_POSTERIOR = """
QQQQDZZ
QQQQDZZ
mmppplZ
mmpppll
mmpppll
mmpppll
mmpppll
mOOOOOl
mOOOOOl
wwCCCvv
wwCCCvv
wwCCCvv
wwCCCvv
wwcccvv
wwcccvv
wwaaayy
wwaaayy
"""
_LEG_POSTERIOR_LEGEND = {
    "Q": "lower_buttock", "D": "lateral_buttock", "Z": "greater_trochanter",
    "m": "posteromedial_thigh", "p": "posterior_thigh", "l": "posterolateral_thigh",
    "O": "popliteal", "w": "posteromedial_leg", "C": "calf", "c": "lower_calf",
    "v": "posterolateral_leg", "a": "achilles", "y": "lateral_malleolus",
}  # fmt: skip
