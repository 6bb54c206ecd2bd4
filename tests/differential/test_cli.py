"""The `taut differential` contract: JSON in, JSON out; invalid input exits 2 with a message
naming the problem on stderr and nothing on stdout."""

import io
import json

import pytest

from taut.differential.cli import run
from taut.differential.contract import TOP_DEFAULT, TOP_MAX, parse, read


def call(payload) -> tuple[int, str, str]:
    text = payload if isinstance(payload, str) else json.dumps(payload)
    out, err = io.StringIO(), io.StringIO()
    status = run(io.StringIO(text), out, err)
    return status, out.getvalue(), err.getvalue()


def test_output_shape():
    status, out, err = call(
        {
            "regions": [
                "posterolateral_neck_r",
                {"id": "temple_r", "intensity": 7, "quality": "aching"},
                "lateral_knee_r",
            ],
            "top": 5,
            "movements": [{"id": "neck_rotation", "side": "right"}, "neck_flexion"],
            "findings": [
                {"trigger_point": "levator_scapulae_tp1", "side": "right", "result": "negative"}
            ],
        }
    )
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert set(data) == {"candidates", "explanation", "unexplained", "hints"}
    assert len(data["candidates"]) == 5
    for c in data["candidates"]:
        assert {"muscle", "muscle_name", "trigger_point", "side", "probability", "explains"} <= set(
            c
        )
        assert c["side"] in ("left", "right", "midline")
        assert 0 <= c["probability"] <= 1
        assert all(isinstance(r, str) for r in c["explains"])
    probs = [c["probability"] for c in data["candidates"]]
    assert probs == sorted(probs, reverse=True)
    assert data["candidates"][0]["trigger_point"] == "upper_trapezius_tp1"
    for member in data["explanation"]:
        assert {"muscle", "trigger_point", "side"} <= set(member)
    drawn = {"posterolateral_neck_r", "temple_r", "lateral_knee_r"}
    assert set(data["unexplained"]) <= drawn
    assert all(isinstance(h["message"], str) for h in data["hints"])


def test_top_defaults_to_ten_and_accepts_the_bounds():
    drawing = ["calf_l", "posterior_thigh_l", "lateral_buttock_l", "lower_buttock_l"]
    status, out, _ = call({"regions": drawing})
    assert status == 0 and len(json.loads(out)["candidates"]) == TOP_DEFAULT
    status, out, _ = call({"regions": drawing, "top": 1})
    assert status == 0 and len(json.loads(out)["candidates"]) == 1
    # Only candidates that explain a drawn region are listed, however many are asked for.
    status, out, _ = call({"regions": drawing, "top": TOP_MAX})
    every = json.loads(out)["candidates"]
    assert status == 0 and TOP_DEFAULT < len(every) < TOP_MAX
    assert all(c["explains"] for c in every)


def test_empty_drawing_is_valid():
    status, out, _ = call({"regions": []})
    data = json.loads(out)
    assert status == 0 and data["explanation"] == [] and data["unexplained"] == []


def test_unknown_regions_exit_2_with_suggestions_and_no_stdout():
    status, out, err = call({"regions": ["tempel_r", "temple_r", "mastiod_l", "neck"]})
    assert status == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 4  # a heading and one line per unknown id
    assert "'tempel_r'" in lines[1] and "temple_r" in lines[1]
    assert "'mastiod_l'" in lines[2] and "mastoid_l" in lines[2]
    assert "'neck'" in lines[3] and "did you mean" in lines[3]
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        ("not json", "JSON"),
        ("", "JSON"),
        ("[]", "object"),
        ({}, "regions"),
        ({"regions": "temple_r"}, "regions"),
        ({"regions": [42]}, "regions[0]"),
        ({"regions": [{"intensity": 3}]}, "regions[0].id"),
        ({"regions": [{"id": "temple_r", "colour": "red"}]}, "regions[0].colour"),
        ({"regions": [{"id": "temple_r", "intensity": 11}]}, "regions[0].intensity"),
        ({"regions": [{"id": "temple_r", "intensity": -0.5}]}, "regions[0].intensity"),
        ({"regions": [{"id": "temple_r", "intensity": "high"}]}, "regions[0].intensity"),
        ({"regions": [{"id": "temple_r", "intensity": True}]}, "regions[0].intensity"),
        ('{"regions": [{"id": "temple_r", "intensity": NaN}]}', "regions[0].intensity"),
        ({"regions": [{"id": "temple_r", "quality": "dull"}]}, "regions[0].quality"),
        ({"regions": ["temple_r", {"id": "temple_r"}]}, "regions[1]"),
        ({"regions": [], "top": 0}, "top"),
        ({"regions": [], "top": 201}, "top"),
        ({"regions": [], "top": "5"}, "top"),
        ({"regions": [], "top": 2.5}, "top"),
        ({"regions": [], "top": True}, "top"),
        ({"regions": [], "depth": 3}, "depth"),
        ({"regions": [], "movements": "neck_rotation"}, "movements"),
        ({"regions": [], "movements": ["neck_twirl"]}, "movements[0].id"),
        ({"regions": [], "movements": ["neck_rotation"]}, "movements[0].side"),
        (
            {"regions": [], "movements": [{"id": "neck_rotation", "side": "up"}]},
            "movements[0].side",
        ),
        (
            {"regions": [], "movements": [{"id": "jaw_opening", "side": "left"}]},
            "movements[0].side",
        ),
        ({"regions": [], "findings": [{"trigger_point": "soleus_tp1"}]}, "findings[0].side"),
        (
            {
                "regions": [],
                "findings": [{"trigger_point": "x_tp1", "side": "left", "result": "positive"}],
            },
            "findings[0].trigger_point",
        ),
        (
            {
                "regions": [],
                "findings": [{"trigger_point": "soleus_tp1", "side": "top", "result": "positive"}],
            },
            "findings[0].side",
        ),
        (
            {
                "regions": [],
                "findings": [{"trigger_point": "soleus_tp1", "side": "left", "result": "yes"}],
            },
            "findings[0].result",
        ),
        ('{"regions": [], "regions": []}', "regions"),
    ],
)
def test_invalid_input_exits_2_naming_the_field(payload, named):
    status, out, err = call(payload)
    assert status == 2
    assert out == ""
    assert named in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_never_a_traceback_on_unexpected_failure(monkeypatch):
    from taut.differential import cli

    def boom(evidence):
        raise RuntimeError("kaput")

    monkeypatch.setattr(cli, "differential", boom)
    status, out, err = call({"regions": []})
    assert status == 1 and out == "" and "kaput" in err and "Traceback" not in err


def test_deeply_nested_or_non_utf8_input_is_invalid():
    status, out, err = call("[" * 100_000 + "]" * 100_000)
    assert (status, out) == (2, "") and "JSON" in err

    class Broken(io.StringIO):
        def read(self, *args):
            raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    out, err = io.StringIO(), io.StringIO()
    assert run(Broken(), out, err) == 2
    assert out.getvalue() == "" and "UTF-8" in err.getvalue()


def test_the_hints_come_first_in_the_output():
    status, out, _ = call({"regions": ["pectoral_l", "medial_arm_l", "little_finger_l"]})
    data = json.loads(out)
    assert status == 0 and next(iter(data)) == "hints"
    assert data["hints"][0]["kind"] == "visceral" and data["hints"][0]["sources"]


def test_a_request_object_and_its_json_text_read_alike():
    request = {
        "regions": ["temple_r", {"id": "calf_l", "intensity": 4, "quality": "aching"}],
        "movements": ["neck_flexion"],
        "findings": [{"trigger_point": "soleus_tp1", "side": "left", "result": "latent"}],
        "top": 7,
    }
    assert read(request) == parse(json.dumps(request))
