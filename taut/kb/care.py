"""Patient advice beside the exercises: prevention for each perpetuating factor
(`data/prevention.yaml`, keyed to causes.yaml) and what to expect after dry needling
(`data/aftercare.yaml`). Both are validated when loaded, like the catalog."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from taut.kb.vocab import (
    DATA_DIR,
    Citation,
    Fields,
    Source,
    did_you_mean,
    load_causes,
    load_sources,
    parse_citation,
    read_yaml,
    relative_name,
)

__all__ = [
    "AFTERCARE_SECTIONS",
    "Advice",
    "Aftercare",
    "AftercareSection",
    "advice",
    "aftercare",
    "load_aftercare",
    "load_prevention",
    "prevention_for",
]

POINTS_PER_ADVICE = (2, 4)  # short enough to read on a printed program


@dataclass(frozen=True)
class Advice:
    """How to keep one perpetuating factor from bringing the trigger points back."""

    cause_id: str
    cause_name: str
    title: str
    points: tuple[str, ...]
    citation: Citation


@dataclass(frozen=True)
class AftercareSection:
    """One part of the aftercare sheet: a heading and short points, with their sources."""

    id: str
    title: str
    points: tuple[str, ...]
    citations: tuple[Citation, ...]


# The sheet's parts in reading order; every one must be in aftercare.yaml.
AFTERCARE_SECTIONS: Mapping[str, str] = MappingProxyType(
    {
        "normal": "What is normal",
        "helps": "What helps",
        "avoid": "What to avoid",
        "call_clinic": "When to call the clinic",
        "emergency": "When to get emergency help",
    }
)


@dataclass(frozen=True)
class Aftercare:
    """What to expect after dry needling and when to get help, section by section."""

    soreness_hours: int  # soreness usually settles within this many hours
    soreness_citation: Citation
    sections: tuple[AftercareSection, ...]

    def section(self, section_id: str) -> AftercareSection:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(f"no aftercare section {section_id!r}")

    @property
    def normal(self) -> AftercareSection:
        return self.section("normal")

    @property
    def helps(self) -> AftercareSection:
        return self.section("helps")

    @property
    def avoid(self) -> AftercareSection:
        return self.section("avoid")

    @property
    def call_clinic(self) -> AftercareSection:
        return self.section("call_clinic")

    @property
    def emergency(self) -> AftercareSection:
        return self.section("emergency")

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every source the sheet cites, once each, in order of first use."""
        seen = dict.fromkeys(
            [self.soreness_citation, *(c for s in self.sections for c in s.citations)]
        )
        return tuple(seen)


# --- prevention ------------------------------------------------------------------------------


def load_prevention(data_dir: Path | None = None) -> Mapping[str, Advice]:
    """Advice per cause id, in causes.yaml order; every cause must have advice, and advice
    may name only known causes."""
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    causes, sources = load_causes(data_dir), load_sources(data_dir)
    path = data_dir / "prevention.yaml"
    rel = relative_name(path, data_dir)
    top = Fields(rel, "-", read_yaml(path, data_dir))
    top.check_keys(("advice",))
    found: dict[str, Advice] = {}
    for i, raw in enumerate(top.items("advice", nonempty=True)):
        entry = (
            raw.get("cause")
            if isinstance(raw, dict) and isinstance(raw.get("cause"), str)
            else None
        )
        f = Fields(rel, entry or f"advice[{i}]", raw)
        f.check_keys(("cause", "title", "points", "source"))
        cause_id = f.required_text("cause")
        if cause_id not in causes:
            f.fail("cause", f"unknown cause {cause_id!r}{did_you_mean(cause_id, causes)}")
        if cause_id in found:
            f.fail("cause", f"advice for {cause_id!r} is given twice")
        points = _points(f, "points", *POINTS_PER_ADVICE)
        citation = parse_citation(f, "source", sources)
        found[cause_id] = Advice(
            cause_id, causes[cause_id].name, f.required_text("title"), points, citation
        )
    missing = [c for c in causes if c not in found]
    if missing:
        top.fail(
            "advice", f"no advice for cause {missing[0]!r}; every cause of causes.yaml needs some"
        )
    return MappingProxyType({c: found[c] for c in causes})


def _points(f: Fields, key: str, least: int, most: int | None = None) -> tuple[str, ...]:
    points = f.text_list(key, nonempty=True)
    if len(points) < least or (most is not None and len(points) > most):
        wanted = f"{least}-{most}" if most is not None else f"at least {least}"
        f.fail(key, f"give {wanted} points, got {len(points)}")
    return points


@functools.cache
def advice() -> Mapping[str, Advice]:
    """The package's own prevention advice, by cause id, loaded once."""
    return load_prevention()


def prevention_for(cause_ids: Iterable[str]) -> list[Advice]:
    """Advice for these causes, in the order given, each once; KeyError naming an unknown id."""
    table = advice()
    out: list[Advice] = []
    for cause_id in dict.fromkeys(cause_ids):
        if cause_id not in table:
            raise KeyError(f"no cause with id {cause_id!r}{did_you_mean(cause_id, table)}")
        out.append(table[cause_id])
    return out


# --- aftercare -------------------------------------------------------------------------------


def load_aftercare(data_dir: Path | None = None) -> Aftercare:
    """The aftercare sheet, validated: every section present once, each with its sources."""
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    sources = load_sources(data_dir)
    path = data_dir / "aftercare.yaml"
    rel = relative_name(path, data_dir)
    top = Fields(rel, "-", read_yaml(path, data_dir))
    top.check_keys(("soreness", "sections"))
    soreness = top.nested("soreness")
    soreness.check_keys(("usually_within_hours", "source"))
    hours = soreness.data.get("usually_within_hours")
    if isinstance(hours, bool) or not isinstance(hours, int) or not 1 <= hours <= 24 * 14:
        soreness.fail(
            "usually_within_hours", f"expected whole hours between 1 and 336, got {hours!r}"
        )
    soreness_citation = parse_citation(soreness, "source", sources)
    sections = {}
    for i, raw in enumerate(top.items("sections", nonempty=True)):
        entry = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
        f = Fields(rel, entry or f"sections[{i}]", raw)
        sections_id = _section(f, sources, sections)
        sections[sections_id.id] = sections_id
    missing = [s for s in AFTERCARE_SECTIONS if s not in sections]
    if missing:
        top.fail(
            "sections",
            f"no section {missing[0]!r}; the sheet needs {', '.join(AFTERCARE_SECTIONS)}",
        )
    return Aftercare(hours, soreness_citation, tuple(sections[s] for s in AFTERCARE_SECTIONS))


def _section(
    f: Fields, sources: Mapping[str, Source], seen: Mapping[str, AftercareSection]
) -> AftercareSection:
    f.check_keys(("id", "points", "sources"), ("title",))
    section_id = f.required_text("id")
    if section_id not in AFTERCARE_SECTIONS:
        f.fail(
            "id", f"unknown section {section_id!r}{did_you_mean(section_id, AFTERCARE_SECTIONS)}"
        )
    if section_id in seen:
        f.fail("id", f"section {section_id!r} is given twice")
    title = f.text("title", optional=True) or AFTERCARE_SECTIONS[section_id]
    points = _points(f, "points", 1)
    citations = tuple(
        parse_citation(f, "sources", sources, k)
        for k in range(len(f.items("sources", nonempty=True)))
    )
    return AftercareSection(section_id, title, points, citations)


@functools.cache
def aftercare() -> Aftercare:
    """The package's own aftercare sheet, loaded once."""
    return load_aftercare()
