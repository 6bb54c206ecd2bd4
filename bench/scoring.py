"""Benchmark of the scoring command core: a seeded 10,000-line --jsonl input per instrument
(complete forms, forms with missing items, about 2% invalid lines and a few blank ones) through
`taut.scoring.cli.run`, reporting lines per second and its ratio to a baseline timed in the same
run: reading the same lines with json.loads and writing one json.dumps line back for each, the
least any JSON-lines scorer must do.

Run: .venv/bin/python bench/scoring.py [--n 10000] [--seed 7]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from taut.scoring import acr2016, cli  # noqa: E402
from taut.scoring.registry import INSTRUMENTS  # noqa: E402

# (item count, low, high, positions that may be missing, how many at most)
FORMS = {
    "nprs": (1, 0, 10, (), 0),
    "ndi": (10, 0, 5, range(10), 2),
    "odi": (10, 0, 5, range(10), 2),
    "quickdash": (11, 1, 5, range(11), 1),
    "fiqr": (21, 0, 10, range(9), 1),
}


def case(name: str, rng: random.Random) -> str:
    """One input line: valid most of the time, a blank line or an invalid case now and then."""
    roll = rng.random()
    if roll < 0.005:
        return ""
    if roll < 0.025:
        return rng.choice(['{"items": [1, 2', '{"items": [true]}', "[]", '{"items": [99]}'])
    if name == "psfs":
        return json.dumps({"items": [rng.randint(0, 10) for _ in range(rng.randint(1, 5))]})
    if name == "acr2016":
        data = {
            "areas": rng.sample(acr2016.AREAS, rng.randint(0, 19)),
            **{k: rng.randint(0, 3 if k in acr2016.SEVERITY else 1) for k in acr2016.FIELDS},
            "duration_months": rng.randint(0, 24),
        }
        return json.dumps(data)
    count, low, high, positions, most = FORMS[name]
    values: list[int | None] = [rng.randint(low, high) for _ in range(count)]
    for i in rng.sample(list(positions), rng.randint(0, most)):
        values[i] = None
    return json.dumps({"items": values})


def main(argv: list[str] | None = None) -> int:
    """Time `cli.run` over the mixed input of each instrument, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="input lines per instrument")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    inputs = {
        name: "\n".join(case(name, rng) for _ in range(args.n)) + "\n" for name in INSTRUMENTS
    }
    cli.run(["ndi", "--jsonl"], io.StringIO(inputs["ndi"][:20_000]), io.StringIO(), io.StringIO())

    print(f"{args.n} --jsonl lines per instrument through cli.run (seed {args.seed})")
    total_lines, total_time, total_floor = 0, 0.0, 0.0
    for name, text in inputs.items():
        out, err = io.StringIO(), io.StringIO()
        t0 = time.perf_counter()
        status = cli.run([name, "--jsonl"], io.StringIO(text), out, err)
        elapsed = time.perf_counter() - t0
        floor = baseline(text)
        errors = out.getvalue().count('{"error"')
        total_lines, total_time = total_lines + args.n, total_time + elapsed
        total_floor += floor
        print(
            f"  {name:9s} {elapsed:6.3f} s  {args.n / elapsed:9,.0f} lines/s  "
            f"{elapsed / floor:4.1f}x the baseline  (exit {status}, {errors} invalid)"
        )
    print(
        f"total: {total_lines} lines in {total_time:.3f} s, "
        f"{total_lines / total_time:,.0f} lines/s; "
        f"baseline {total_floor:.3f} s; ratio {total_time / total_floor:.1f}x"
    )
    return 0


def baseline(text: str) -> float:
    """Seconds to parse each line with json.loads and write one json.dumps line back."""
    out = io.StringIO()
    t0 = time.perf_counter()
    for line in io.StringIO(text):
        try:
            value = json.loads(line) if line.strip() else None
        except ValueError:
            value = None
        out.write(json.dumps({"input": value}) + "\n")
    return time.perf_counter() - t0


if __name__ == "__main__":
    raise SystemExit(main())
