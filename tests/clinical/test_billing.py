"""What billing counts as one muscle (taut/clinical/billing.py, Muscle.anatomical_id): CPT
20560/20561 (AMA CPT 2020) count muscles; the scalenes and the peroneals are separate muscles
(Travell & Simons), the heads and fibres of one muscle are not."""

from pathlib import Path

import pytest

from taut.clinical import billing
from taut.kb.catalog import catalog


def code_for(*needled) -> str | None:
    kb = catalog()
    return billing.needling_code([(kb.muscle(m).anatomical_id, side) for m, side in needled])


def test_peroneus_longus_and_brevis_with_tibialis_anterior_are_three_muscles_20561():
    """AMA CPT 2020 counts muscles; peroneus longus and brevis are two muscles (Travell &
    Simons, chapter on the peroneal muscles), so with tibialis anterior: 20561."""
    assert (
        code_for(
            ("peroneus_longus", "left"), ("peroneus_brevis", "left"), ("tibialis_anterior", "left")
        )
        == billing.THREE_OR_MORE_MUSCLES
    )


def test_the_three_scalenes_are_three_muscles_20561():
    """Travell & Simons (chapter on the scalene muscles): anterior, middle and posterior
    scalene are separate muscles."""
    assert (
        code_for(
            ("scalene_anterior", "right"),
            ("scalene_medius", "right"),
            ("scalene_posterior", "right"),
        )
        == billing.THREE_OR_MORE_MUSCLES
    )


def test_parts_of_one_muscle_still_count_once_20560():
    """The three heads of triceps and the fibres of trapezius are one muscle each."""
    assert code_for(
        ("triceps_long_head", "right"), ("triceps_medial_head", "right"),
        ("triceps_lateral_head", "right"), ("upper_trapezius", "right"),
        ("middle_trapezius", "right"),
    ) == billing.ONE_OR_TWO_MUSCLES  # fmt: skip


@pytest.mark.parametrize(
    "muscle_id",
    ["scalene_anterior", "scalene_medius", "scalene_posterior", "peroneus_longus",
     "peroneus_brevis", "peroneus_tertius"],
)  # fmt: skip
def test_the_separate_muscles_count_as_themselves(muscle_id):
    assert catalog().muscle(muscle_id).anatomical_id == muscle_id


def test_no_ama_descriptor_is_quoted_anywhere():
    """The AMA's CPT descriptors are licensed: Taut describes the codes in its own words."""
    root = Path(__file__).resolve().parents[2]
    phrase = "needle insertion(s) without injection"
    for folder in ("taut", "docs"):
        for path in (root / folder).rglob("*"):
            if path.suffix in {".py", ".md", ".html", ".yaml", ".txt"}:
                assert phrase not in path.read_text(encoding="utf-8").lower(), path
    assert phrase not in (root / "README.md").read_text(encoding="utf-8").lower()
    assert billing.DESCRIPTIONS == {
        "20560": "Dry needling of 1 or 2 muscles", "20561": "Dry needling of 3 or more muscles",
    }  # fmt: skip
