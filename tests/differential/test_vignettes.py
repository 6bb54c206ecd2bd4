"""The development pain-drawing cases: each case's drawing, the top-k distinct muscles of the
ranking, and the hit rate (run with -s to see the table)."""

from taut.differential import Evidence, differential
from taut.differential.model import model
from tests.vignettes import DEV_CASES, MUSCLE_IDS

MIN_HIT_RATE = 0.9


def top_muscles(regions: list[str]) -> list[str]:
    """Distinct catalog muscle ids in ranking order."""
    muscles: list[str] = []
    for c in differential(Evidence(regions=regions)).candidates:
        if c.muscle not in muscles:
            muscles.append(c.muscle)
    return muscles


def test_every_expected_muscle_is_in_the_catalog():
    known = {c.muscle_id for c in model().candidates}
    for case in DEV_CASES:
        for name in case.expect_any + case.expect_all:
            assert set(MUSCLE_IDS[name]) <= known, name


def test_dev_cases_hit_rate():
    m = model()
    midline = frozenset(
        b for b, s in zip(m.region_base, m.region_side, strict=True) if s == "midline"
    )
    rows, hits = [], 0
    for case in DEV_CASES:
        muscles = top_muscles(case.sided(midline))
        hit = case.is_hit(muscles)
        hits += hit
        expected = " & ".join(case.expect_all) if case.expect_all else " | ".join(case.expect_any)
        rows.append(
            (case.id, "hit" if hit else "MISS", case.k, expected, ", ".join(muscles[: case.k]))
        )
    rate = hits / len(DEV_CASES)
    widths = [max(len(str(r[i])) for r in [("case", "", "k", "expected"), *rows]) for i in range(4)]
    print()
    print(f"{'case':<{widths[0]}}  {'':<4}  k  {'expected':<{widths[3]}}  top-k muscles")
    for case_id, mark, k, expected, got in rows:
        print(f"{case_id:<{widths[0]}}  {mark:<4}  {k}  {expected:<{widths[3]}}  {got}")
    print(f"hit rate {hits}/{len(DEV_CASES)} = {rate:.2f}")
    assert rate >= MIN_HIT_RATE
