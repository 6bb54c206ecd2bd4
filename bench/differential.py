"""Benchmark of the trigger point differential: absolute medians and p99 over a fixed seed of
random drawings, by drawing size, and the ratio to the floor of one numpy matrix-vector product
over the same zone weights. That floor is a few microseconds, mostly Python's call overhead, so
the ratio says how much the differential does beyond one product; the absolute times are what a
clinician waits for. Run: .venv/bin/python bench/differential.py [--n 10000] [--seed 7]"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from taut.differential import Evidence, differential  # noqa: E402
from taut.differential.model import model  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Time the differential and the floor, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of drawings")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--top", type=int, default=10, help="candidate records built per call")
    args = parser.parse_args(argv)

    m = model()
    rng = np.random.default_rng(args.seed)
    ids = np.array(m.region_ids)
    drawings = [
        tuple(ids[rng.choice(len(ids), size=rng.integers(3, 26), replace=False)])
        for _ in range(args.n)
    ]
    evidence = [Evidence(regions=d) for d in drawings]
    for ev in evidence[:50]:  # warm caches and the allocator
        differential(ev).top(args.top)

    times = np.empty(args.n)
    for i, ev in enumerate(evidence):
        t0 = time.perf_counter()
        result = differential(ev)  # also builds the explanation, unexplained regions, hints
        result.top(args.top)
        times[i] = time.perf_counter() - t0

    # The floor: one numpy pass over the same zone weights, the candidate x region matrix
    # times the drawing vector.
    vectors = np.zeros((args.n, len(ids)))
    index = m.region_index
    for i, d in enumerate(drawings):
        vectors[i, [index[r] for r in d]] = 1.0
    p = m.p
    floor = np.empty(args.n)
    for i in range(args.n):
        t0 = time.perf_counter()
        p @ vectors[i]
        floor[i] = time.perf_counter() - t0

    med, p99 = np.median(times) * 1e3, np.percentile(times, 99) * 1e3
    fmed = np.median(floor) * 1e3
    sizes = np.array([len(d) for d in drawings])
    print(
        f"{args.n} random drawings of {sizes.min()}-{sizes.max()} regions, seed {args.seed} "
        f"({m.n_candidates} candidates x {len(ids)} regions)"
    )
    for lo, hi in ((3, 8), (9, 16), (17, 25)):
        sel = (sizes >= lo) & (sizes <= hi)
        print(
            f"  {lo:2d}-{hi:2d} regions: median {np.median(times[sel]) * 1e3:.2f} ms, "
            f"p99 {np.percentile(times[sel], 99) * 1e3:.2f} ms"
        )
    print(
        f"differential: median {med:.2f} ms, p99 {p99:.2f} ms; "
        f"floor median {fmed:.3f} ms; ratio {med / fmed:.0f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
