"""`taut score` for people and batch imports."""

import json
import os
import random
import subprocess
import sys
from pathlib import Path

TAUT = Path(sys.executable).with_name("taut")


def score(*args: str, text: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [str(TAUT), "score", *args], input=text, capture_output=True, text=True, env=env
    )


def test_it_scores_one_case():
    result = score("ndi", text='{"items": [3, 2, 1, 0, 4, 2, 1, 0, 1, 2]}')
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"score": 32.0, "band": "moderate"}


def test_an_invalid_case_exits_2_naming_the_item_with_nothing_on_stdout():
    result = score("ndi", text='{"items": [3, 2, 1, 0, 9, 2, 1, 0, 1, 2]}')
    assert result.returncode == 2 and result.stdout == ""
    assert "item 5" in result.stderr


def test_jsonl_answers_line_by_line_and_exits_2_on_any_invalid_line():
    lines = ['{"items": [5]}', '{"items": [12]}', '{"items": [0]}']
    result = score("nprs", "--jsonl", text="\n".join(lines) + "\n")
    assert result.returncode == 2
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out[0] == {"score": 5.0} and "error" in out[1] and out[2] == {"score": 0.0}


def test_ten_thousand_lines_are_scored_in_one_run():
    rng = random.Random(7)
    lines = [json.dumps({"items": [rng.randint(0, 5) for _ in range(10)]}) for _ in range(10_000)]
    result = score("odi", "--jsonl", text="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr[:200]
    assert len(result.stdout.splitlines()) == 10_000
