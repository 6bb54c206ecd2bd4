"""The rules a plan is proposed by, as data a clinic can change: `load(text_or_dict) -> Rules`.

Every section carries a `source:`; a value that no publication gives says so in its source.
Errors name the field path and, where the choice is closed, the allowed values.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from taut.kb.catalog import SELF_CARE_KINDS
from taut.scoring import ndi, odi

DEFAULT_FILE = Path(__file__).parent / "data" / "default_rules.yaml"
SEVERITIES = ("mild", "moderate", "severe")
CHRONICITIES = ("acute", "subacute", "chronic")
# treatment.SoftTissue values; kept here so the library stays free of Django.
SOFT_TISSUE = ("massage", "ischaemic", "stretch", "spray_stretch", "instrument", "heat")
FUNCTION_BANDS = {
    "ndi": tuple(name for _, name in ndi.BANDS),
    "odi": tuple(name for _, name in odi.BANDS),
}


class RulesError(ValueError):
    """A rules file that cannot be used; `path` is the field, e.g. "dosing.weeks.acute"."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


@dataclass(frozen=True)
class PainBands:
    source: str
    moderate_from: int
    severe_from: int

    def band(self, nprs: float) -> str:
        if nprs >= self.severe_from:
            return "severe"
        return "moderate" if nprs >= self.moderate_from else "mild"


@dataclass(frozen=True)
class FunctionBands:
    source: str
    by_instrument: dict[str, dict[str, str]]  # instrument -> scoring band -> severity


@dataclass(frozen=True)
class Chronicity:
    source: str
    subacute_from_weeks: int
    chronic_after_weeks: int

    def of(self, days: int) -> str:
        """The chronicity of pain that began `days` ago, counted in days so that a part week
        counts: chronic after 7 x chronic_after_weeks days, subacute from 7 x
        subacute_from_weeks."""
        if days > 7 * self.chronic_after_weeks:
            return "chronic"
        return "subacute" if days >= 7 * self.subacute_from_weeks else "acute"


@dataclass(frozen=True)
class Dosing:
    source: str
    visits_per_week: dict[str, int]  # by severity
    weeks: dict[str, int]  # by chronicity
    max_visits: int
    targets_per_visit: int


@dataclass(frozen=True)
class ManyTriggerPoints:
    source: str
    at_least: int
    extra_visits: int


@dataclass(frozen=True)
class Fibromyalgia:
    source: str
    visits_per_week: int
    weeks: int
    targets_per_visit: int


@dataclass(frozen=True)
class Reassess:
    source: str
    after_visits: int


@dataclass(frozen=True)
class SoftTissueRules:
    source: str
    default: tuple[str, ...]
    severe: tuple[str, ...]
    fibromyalgia: tuple[str, ...]


@dataclass(frozen=True)
class ExerciseRules:
    source: str
    per_muscle: int
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class Goals:
    pain_source: str
    function_source: str
    rom_source: str
    rom_deficient_below_percent: int
    psfs_source: str


@dataclass(frozen=True)
class Rules:
    pain: PainBands
    function: FunctionBands
    chronicity: Chronicity
    dosing: Dosing
    many_trigger_points: ManyTriggerPoints
    fibromyalgia: Fibromyalgia
    reassess: Reassess
    soft_tissue: SoftTissueRules
    exercises: ExerciseRules
    goals: Goals


def default_text() -> str:
    return DEFAULT_FILE.read_text()


@functools.cache
def defaults() -> Rules:
    return load(default_text())


def load(data: str | dict) -> Rules:
    """Rules from YAML text or an already parsed dict; RulesError on anything amiss."""
    if isinstance(data, str):
        try:
            data = yaml.safe_load(data)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" (line {mark.line + 1})" if mark else ""
            problem = getattr(error, "problem", error)
            raise RulesError("", f"not valid YAML{where}: {problem}") from None
        except RecursionError:  # e.g. thousands of nested brackets
            raise RulesError("", "not valid YAML: nested too deeply to read") from None
    root = _Section(data, "")
    severity = root.section("severity")
    pain = severity.section("pain")
    function = severity.section("function")
    goals = root.section("goals")
    rom = goals.section("rom")
    pain_bands = PainBands(
        pain.source(), pain.integer("moderate_from", 1, 10), pain.integer("severe_from", 1, 10)
    )
    if pain_bands.severe_from <= pain_bands.moderate_from:
        raise RulesError(pain.at("severe_from"), "must be above moderate_from")
    chronicity = root.section("chronicity")
    chron = Chronicity(
        chronicity.source(),
        chronicity.integer("subacute_from_weeks", 1, 520),
        chronicity.integer("chronic_after_weeks", 1, 520),
    )
    if chron.chronic_after_weeks < chron.subacute_from_weeks:
        raise RulesError(
            chronicity.at("chronic_after_weeks"), "must be subacute_from_weeks or more"
        )
    dosing = root.section("dosing")
    many = root.section("many_trigger_points")
    fm = root.section("fibromyalgia")
    reassess = root.section("reassess")
    soft = root.section("soft_tissue")
    exercises = root.section("exercises")
    rules = Rules(
        pain=pain_bands,
        function=FunctionBands(
            function.source(),
            {
                name: function.mapping(name, bands, SEVERITIES)
                for name, bands in FUNCTION_BANDS.items()
            },
        ),
        chronicity=chron,
        dosing=Dosing(
            dosing.source(),
            dosing.table("visits_per_week", SEVERITIES, 1, 7),
            dosing.table("weeks", CHRONICITIES, 1, 26),
            dosing.integer("max_visits", 1, 60),
            dosing.integer("targets_per_visit", 1, 20),
        ),
        many_trigger_points=ManyTriggerPoints(
            many.source(), many.integer("at_least", 1, 50), many.integer("extra_visits", 0, 20)
        ),
        fibromyalgia=Fibromyalgia(
            fm.source(),
            fm.integer("visits_per_week", 1, 7),
            fm.integer("weeks", 1, 26),
            fm.integer("targets_per_visit", 0, 20),
        ),
        reassess=Reassess(reassess.source(), reassess.integer("after_visits", 1, 60)),
        soft_tissue=SoftTissueRules(
            soft.source(),
            soft.choices("default", SOFT_TISSUE),
            soft.choices("severe", SOFT_TISSUE),
            soft.choices("fibromyalgia", SOFT_TISSUE),
        ),
        exercises=ExerciseRules(
            exercises.source(),
            exercises.integer("per_muscle", 0, 10),
            exercises.choices("kinds", SELF_CARE_KINDS),
        ),
        goals=Goals(
            goals.section("pain").source(),
            goals.section("function").source(),
            rom.source(),
            rom.integer("deficient_below_percent", 1, 100),
            goals.section("psfs").source(),
        ),
    )
    for section in (root, severity, pain, function, chronicity, dosing, many, fm, reassess, soft,
                    exercises, goals, rom):  # fmt: skip
        section.no_unknown_keys()
    return rules


class _Section:
    """One mapping of the rules file, which remembers its path and the keys it was asked for."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, dict):
            raise RulesError(path, f"expected a mapping of fields, got {_kind(data)}")
        self.data, self.path, self.read = data, path, set()

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str) -> Any:
        self.read.add(key)
        if key not in self.data:
            raise RulesError(self.at(key), "is missing")
        return self.data[key]

    def section(self, key: str) -> _Section:
        return _Section(self.get(key), self.at(key))

    def source(self) -> str:
        self.read.add("source")
        value = self.data.get("source")
        if not isinstance(value, str) or not value.strip():
            raise RulesError(
                self.at("source"),
                "every rule needs a source: the publication, or 'clinic default' and why",
            )
        return value.strip()

    def integer(self, key: str, low: int, high: int) -> int:
        return _integer(self.get(key), self.at(key), low, high)

    def table(self, key: str, names: tuple[str, ...], low: int, high: int) -> dict[str, int]:
        section = self.section(key)
        values = {name: section.integer(name, low, high) for name in names}
        section.no_unknown_keys()
        return values

    def mapping(self, key: str, names: tuple[str, ...], allowed: tuple[str, ...]) -> dict[str, str]:
        section = self.section(key)
        values = {}
        for name in names:
            value = section.get(name)
            if value not in allowed:
                raise RulesError(section.at(name), f"{value!r} is not one of {', '.join(allowed)}")
            values[name] = value
        section.no_unknown_keys()
        return values

    def choices(self, key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        value = self.get(key)
        if not isinstance(value, list):
            raise RulesError(self.at(key), f"expected a list of {', '.join(allowed)}")
        for i, item in enumerate(value):
            if item not in allowed:
                raise RulesError(
                    f"{self.at(key)}[{i}]", f"{item!r} is not one of {', '.join(allowed)}"
                )
        return tuple(dict.fromkeys(value))

    def no_unknown_keys(self) -> None:
        unknown = sorted(str(k) for k in self.data if k not in self.read)
        if unknown:
            raise RulesError(
                self.at(unknown[0]),
                f"unknown field; expected one of {', '.join(sorted(self.read))}",
            )


def _integer(value: Any, path: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RulesError(path, f"expected a whole number from {low} to {high}, got {_kind(value)}")
    if not low <= value <= high:
        raise RulesError(path, f"{value} is outside {low} to {high}")
    return value


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{value!r}".lower()
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, int | float):
        return f"{value!r}"
    return type(value).__name__
