"""The `taut score` contract: JSON in, JSON out; invalid input exits 2 with a message on stderr
and nothing on stdout; --jsonl gives one output line per case; never a traceback."""

import io
import json
import time

import pytest

from taut.scoring import cli

ACR = {
    "areas": ["neck", "left_hip", "right_hip", "left_upper_arm", "right_lower_arm", "chest"],
    "fatigue": 2,
    "waking_unrefreshed": 2,
    "cognitive": 1,
    "headaches": 1,
    "lower_abdominal": 0,
    "depression": 0,
    "duration_months": 4,
}
VALID = {
    "nprs": {"items": [6]},
    "psfs": {"items": [3, 4, 4]},
    "ndi": {"items": [1, 2, 3, None, 5, 0, 1, 2, 3, 4]},
    "odi": {"items": [3, 2, 1, 2, 2, 2, 1, None, 2, 1]},
    "quickdash": {"items": [2, 3, 1, 4, 2, None, 5, 1, 2, 3, 4]},
    "fiqr": {"items": [5] * 21},
    "acr2016": ACR,
}
KEYS = {
    "nprs": {"score"},
    "psfs": {"score"},
    "ndi": {"score", "band"},
    "odi": {"score", "band"},
    "quickdash": {"score"},
    "fiqr": {"score", "function", "overall", "symptoms"},
    "acr2016": {"score", "wpi", "sss", "fs", "generalized_pain", "meets_criteria"},
}


def call(argv, text="") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.run(argv, io.StringIO(text), out, err)
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", VALID)
def test_single_case(name):
    status, out, err = call([name], json.dumps(VALID[name]))
    assert (status, err) == (0, "")
    assert out.endswith("\n") and out.count("\n") == 1
    data = json.loads(out)
    assert set(data) == KEYS[name]
    assert isinstance(data["score"], float)


def test_single_case_values():
    assert json.loads(call(["odi"], json.dumps(VALID["odi"]))[1]) == {
        "score": 1600 / 45,
        "band": "moderate",
    }
    assert json.loads(call(["acr2016"], json.dumps(ACR))[1]) == {
        "score": 12.0,
        "wpi": 6,
        "sss": 6,
        "fs": 12,
        "generalized_pain": True,
        "meets_criteria": False,  # WPI 6 needs SSS 9
    }
    assert json.loads(call(["nprs"], '{"score": 7}')[1]) == {"score": 7.0}


def test_single_case_may_span_lines():
    status, out, _ = call(["nprs"], json.dumps({"items": [4]}, indent=2))
    assert (status, json.loads(out)) == (0, {"score": 4.0})


def test_output_is_unrounded():
    status, out, _ = call(["psfs"], '{"items": [1, 1, 2]}')
    assert status == 0
    assert json.loads(out)["score"] == 4 / 3


@pytest.mark.parametrize(
    ("argv", "text", "message"),
    [
        (
            ["ndi"],
            '{"items": [1, 2, 3, 4, 9, 0, 1, 2, 3, 4]}',
            "NDI item 5 (Headaches): 9 is above",
        ),
        (["ndi"], '{"items": [1, 2, 3, 4, true, 0, 1, 2, 3, 4]}', "a boolean (True)"),
        (["ndi"], '{"items": [1, 2, 3, 4, NaN, 0, 1, 2, 3, 4]}', "NaN is not a number"),
        (["ndi"], '{"items": [1, 2, 3, 4, 2.5, 0, 1, 2, 3, 4]}', "2.5 is not a whole number"),
        (["ndi"], '{"items": [1, null, 3, null, 2, null, 1, 2, 3, 4]}', "3 items missing"),
        (["nprs"], '{"score": 11}', "NPRS item 1 (Pain intensity): 11 is above"),
        (["nprs"], '{"score": 5, "items": [5]}', "items: unknown field; expected score"),
        (["nprs"], '{"items": 5}', "items: expected a list, got 5"),
        (["ndi"], '{"items": [1, 2], "extra": 1}', "extra: unknown field; expected items"),
        (["ndi"], "{}", "items: missing required field"),
        (["ndi"], "[1, 2]", "expected a JSON object, got a list"),
        (["ndi"], '{"items": [1, 2, 3}', "not valid JSON"),
        (["ndi"], '{"items": [], "items": []}', "duplicate key 'items'"),
        (["ndi"], "", "no input"),
        (["ndi"], "  \n", "no input"),
        (["ndi"], '{"items": []}\n{"items": []}\n', "use --jsonl"),
        (["ndi"], "[" * 100_000, "not valid JSON"),
        (["ndi"], '{"items": [' + "9" * 5000 + "]}", "not valid JSON"),
        (["acr2016"], json.dumps({**ACR, "areas": ["knee"]}), "'knee' is not one of the 19"),
        (["acr2016"], json.dumps({**ACR, "areas": ["neck", "neck"]}), "already entry 1"),
        (["acr2016"], json.dumps({k: v for k, v in ACR.items() if k != "fatigue"}), "fatigue"),
        (["acr2016"], json.dumps({**ACR, "pain": 3}), "pain: unknown field"),
    ],
)
def test_invalid_single_case_exits_2_with_nothing_on_stdout(argv, text, message):
    status, out, err = call(argv, text)
    assert status == 2
    assert out == ""
    assert err.startswith("invalid input: ")
    assert message in err
    assert "Traceback" not in err


def test_unknown_instrument_lists_the_instruments():
    status, out, err = call(["vas"], '{"items": [1]}')
    assert (status, out) == (2, "")
    assert "unknown instrument 'vas'" in err
    assert "nprs, psfs, ndi, odi, quickdash, fiqr, acr2016" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "name one instrument"),
        (["ndi", "odi"], "name one instrument, got 2"),
        (["ndi", "--csv"], "unknown option --csv"),
    ],
)
def test_bad_arguments(argv, message):
    status, out, err = call(argv, "{}")
    assert (status, out) == (2, "")
    assert message in err
    assert "usage: taut score INSTRUMENT [--jsonl]" in err


def test_help():
    status, out, err = call(["--help"])
    assert (status, err) == (0, "")
    assert "usage: taut score" in out and "acr2016" in out


def test_jsonl_one_line_per_case_with_an_error_line_for_a_bad_case():
    lines = [
        json.dumps(VALID["ndi"]),
        '{"items": [1, 2, 3, 4, 9, 0, 1, 2, 3, 4]}',
        "",
        "not json",
        json.dumps({"items": [0] * 10}),
        "   ",
    ]
    status, out, err = call(["ndi", "--jsonl"], "\n".join(lines) + "\n")
    assert status == 2
    results = [json.loads(line) for line in out.splitlines()]
    assert len(results) == 4  # blank lines are skipped
    assert set(results[0]) == {"score", "band"}
    assert results[1] == {
        "error": "line 2: NDI item 5 (Headaches): 9 is above the maximum 5; "
        "items are whole numbers from 0 to 5"
    }
    assert results[2]["error"].startswith("line 4: not valid JSON")
    assert results[3] == {"score": 0.0, "band": "none"}
    assert err == "2 of 4 cases invalid\n"


def test_jsonl_all_valid_exits_0_and_flag_may_come_first():
    text = "\n".join(json.dumps(VALID["fiqr"]) for _ in range(3))  # no trailing newline
    status, out, err = call(["--jsonl", "fiqr"], text)
    assert (status, err) == (0, "")
    assert [json.loads(line)["score"] for line in out.splitlines()] == [50.0] * 3


def test_jsonl_empty_input():
    assert call(["ndi", "--jsonl"], "") == (0, "", "")


def test_internal_error_is_one_line_never_a_traceback(monkeypatch):
    def broken(values):
        raise RuntimeError("boom")

    monkeypatch.setitem(cli.INSTRUMENTS, "ndi", broken)
    status, out, err = call(["ndi"], json.dumps(VALID["ndi"]))
    assert (status, out) == (1, "")
    assert err == "internal error: RuntimeError: boom\n"
    status, out, err = call(["ndi", "--jsonl"], json.dumps(VALID["ndi"]) + "\n")
    assert status == 1
    assert json.loads(out) == {"error": "line 1: internal error: RuntimeError: boom"}


def test_input_that_is_not_utf8():
    for argv in (["ndi"], ["ndi", "--jsonl"]):
        stdin = io.TextIOWrapper(io.BytesIO(b'{"items": [1]}\n\xff\xfe\n'), encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        assert cli.run(argv, stdin, out, err) == 2
        assert "not valid UTF-8" in err.getvalue()


def test_closed_output_pipe():
    class Closed(io.StringIO):
        def write(self, text):
            raise BrokenPipeError("closed")

    err = io.StringIO()
    assert cli.run(["nprs"], io.StringIO('{"score": 3}'), Closed(), err) == 1
    assert "cannot read the input or write the output" in err.getvalue()


def test_ten_thousand_lines_are_fast():
    cases = [json.dumps(VALID["ndi"]), json.dumps({"items": [1] * 9})] * 5000
    t0 = time.perf_counter()
    status, out, _ = call(["ndi", "--jsonl"], "\n".join(cases))
    elapsed = time.perf_counter() - t0
    assert status == 2
    assert out.count("\n") == 10_000
    assert elapsed < 3.0, f"10,000 lines took {elapsed:.2f} s"
