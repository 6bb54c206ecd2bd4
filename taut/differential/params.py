"""Every tunable number of the differential, in one place: engineering choices for sensible,
explainable behaviour, not clinical figures from a source (docs/differential.md)."""

# No study gives the probability that a given trigger point refers pain to a given region. The
# only input taken from the knowledge base is each trigger point's qualitative prevalence
# category (`prevalence` in muscles/*.yaml). None of these values was fitted to the development
# cases.

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# --- referral: P(region painful | this trigger point active) ---------------------------------

# Travell & Simons describe the essential zone as present in nearly every patient with the
# active TrP; patients still leave parts of it off a drawing, so well below 1.
P_ESSENTIAL = 0.8
# The spillover zone is felt by only some patients.
P_SPILLOVER = 0.3
# The trigger point's own site (`site` in the catalog), where its zones leave it out: local
# pain over the trigger point is part of its picture (Travell & Simons draw most trigger points
# inside their solid, essential zone), so it counts as an essential region.
P_SITE = P_ESSENTIAL

# --- leak: P(region painful | no modelled trigger point active) ------------------------------

# Pain from everything the model does not know about (joints, nerves, viscera, other TrPs).
# Roughly: a drawing holds a handful of ~270 regions and a fraction of them is not myofascial.
LEAK = 0.005

# --- priors: P(a given trigger point on a given side is active) ------------------------------

# One prior for every candidate. No source measured how often each trigger point is active
# among patients with pain in a given body area, and a whole-body prevalence (the knowledge
# base's `prevalence` category) is the wrong reference class for a patient who drew pain in one
# place: infraspinatus's rests on shoulder-pain patients (Bron 2011), levator scapulae's on
# symptom-free adults. So prevalence only breaks exact ties of the ranking (model.py) and never
# outweighs the drawing. The value assumes a patient has about three active trigger points among
# the ~360 (trigger point, side) candidates; it sets the reported probabilities' level and the
# explanation set's cost of a member, not the order.
PRIOR = 0.01

# Trigger points of one muscle are not independent: Travell & Simons describe several TrPs of
# a muscle (and satellite TrPs) commonly active together. Given that another trigger point of
# the same muscle (the whole muscle, `part_of` in the catalog) on the same side is active, a
# trigger point's prior rises to this (never falls).
SIBLING_PRIOR = 0.2

# --- evidence weights (exponents on each region's likelihood) --------------------------------

# Weight of an undrawn region's evidence of absence. Patients under-draw, so missing regions
# are weak evidence: 0 ignores them, 1 treats the drawing as complete.
ABSENT_WEIGHT = 0.3
# A region drawn with intensity 0 is an explicit "not painful here": full-strength absence.
EXPLICIT_ABSENT_WEIGHT = 1.0

# Calibration of the reported probabilities. The regions of one referral pattern are not
# independent observations: a patient draws the pattern as a whole. Multiplying their
# likelihoods as if independent (naive Bayes) makes a four-region match claim near certainty
# (0.99999) that no palpation finding could move. The drawing's log-likelihood ratio in each
# reported posterior is multiplied by this factor, so the classic upper trapezius drawing reads
# about 0.66 and a negative palpation finding lowers it to about 0.09. The sibling coupling is
# not tempered, so this also sets how much a muscle's other trigger points weigh against the
# drawing (docs/differential.md).
DRAWN_TEMPER = 0.35

# Intensity i (0-10) of a painful region scales its evidence: weight = BASE + SLOPE * i, so an
# unrated region (taken as the scale's middle, 5) has weight 1, a 10 counts 1.5, a 1 counts 0.6.
INTENSITY_UNRATED = 5.0
INTENSITY_BASE = 0.5
INTENSITY_SLOPE = 0.1

# Quality of a painful region multiplies its weight. Referred TrP pain is typically a deep
# ache; numbness and tingling point more to a nerve than to a trigger point, so such a region
# says less about which trigger point is active (it also feeds the radicular hint).
QUALITY_WEIGHT: Mapping[str, float] = MappingProxyType(
    {
        "aching": 1.0,
        "burning": 1.0,
        "stabbing": 1.0,
        "numbness_tingling": 0.4,
    }
)

# --- other evidence: likelihood ratios on a candidate ----------------------------------------

# A painful or limited movement that the trigger point's catalog entry lists. Movements are
# strongly correlated with each other (neck rotation and side bending hurt together), so the
# factor is applied once per candidate however many of its movements are reported.
MOVEMENT_LR = 2.0
# Palpation: the clinician found the trigger point (taut band, spot tenderness, recognised
# pain), or examined the spot and found none. Strong, but not certainty.
POSITIVE_FINDING_LR = 100.0
NEGATIVE_FINDING_LR = 0.05
# A latent trigger point is there, but pressing it does not reproduce the patient's familiar
# pain (Travell & Simons's definition): evidence that it is not the source of the drawn pain,
# a little weaker than not finding it at all. It never joins the explanation set.
LATENT_FINDING_LR = 0.1

# --- the explanation set ----------------------------------------------------------------------

# The explanation set is read down this many candidates of the ranking (the length of the list
# the pages show), so every member is a candidate the clinician sees.
EXPLANATION_DEPTH = 10

# --- numerics -----------------------------------------------------------------------------

# Every log term is rounded to a multiple of 2**-LOG_QUANTUM_BITS nats (~1e-6). With that
# grid, float64 sums of a few hundred terms are exact, so results do not depend on summation
# order (BLAS blocking, column order): mirror symmetry and determinism hold bit for bit.
LOG_QUANTUM_BITS = 20

# --- hints ---------------------------------------------------------------------------------

# Numb or tingling regions of one side sharing a root needed to call it a dermatomal band.
RADICULAR_MIN_REGIONS = 2
