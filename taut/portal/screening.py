"""What a patient's own intake may not change: the needling screen a clinician recorded.

The portal intake does not ask the absolute contraindications, and a patient unticking a red
flag or a relative contraindication must not erase what was on file. So a patient's intake
keeps every screening answer of the episode's previous intake, plus what the patient ticks.
"""

SCREENING = (
    "absolute_contraindications", "relative_contraindications", "site_contraindications",
    "red_flags",
)  # fmt: skip


def carry_forward(intake, previous) -> None:
    """Give `intake` (unsaved) each screening answer of `previous` it does not already hold."""
    if previous is None:
        return
    for name in SCREENING:
        kept = list(getattr(previous, name) or [])
        added = [key for key in getattr(intake, name) or [] if key not in kept]
        setattr(intake, name, kept + added)
