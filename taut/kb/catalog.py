"""The muscle and trigger point catalog: loads and validates `data/muscles/*.yaml` into
immutable objects, with lookup, search and "which trigger points refer here" queries."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, NoReturn

from taut.kb.errors import DataError
from taut.kb.vocab import (
    DATA_DIR,
    BaseRegion,
    Cause,
    Citation,
    Fields,
    Movement,
    Source,
    Vocabulary,
    did_you_mean,
    load_vocabulary,
    parse_citation,
    read_yaml,
    relative_name,
)

__all__ = [
    "GROUPS",
    "PREVALENCE",
    "STRUCTURES",
    "SELF_CARE_KINDS",
    "Catalog",
    "Cause",
    "Citation",
    "DataError",
    "Dosage",
    "Movement",
    "Muscle",
    "Needling",
    "SelfCare",
    "Source",
    "StructureAtRisk",
    "TriggerPoint",
    "ZoneRef",
    "catalog",
    "load_catalog",
]

# Body groups in display order; muscle files name one of these ids.
GROUPS: Mapping[str, str] = MappingProxyType(
    {
        "head_neck": "Head and neck",
        "shoulder_arm": "Shoulder and arm",
        "forearm_hand": "Forearm and hand",
        "trunk_back": "Trunk and back",
        "abdomen_pelvis": "Abdomen and pelvis",
        "hip_thigh": "Hip and thigh",
        "leg_foot": "Leg and foot",
    }
)
PREVALENCE = ("very_common", "common", "occasional", "rare")
STRUCTURES = ("lung", "artery", "vein", "nerve", "organ", "joint", "pleura", "other")
SELF_CARE_KINDS = ("stretch", "self_release", "strengthening", "posture")

BOTH_PREFIX = "both:"


@dataclass(frozen=True)
class ZoneRef:
    """One zone of a referral pattern: a base region, on the trigger point's side or both."""

    base: str
    both_sides: bool = False

    def __str__(self) -> str:
        return f"{BOTH_PREFIX}{self.base}" if self.both_sides else self.base


@dataclass(frozen=True)
class TriggerPoint:
    """A trigger point of one muscle with its referral pattern and clinical picture."""

    id: str
    name: str
    muscle_id: str
    location: str
    site: str  # base region the trigger point itself lies over (where it is palpated)
    essential: tuple[ZoneRef, ...]
    spillover: tuple[ZoneRef, ...]
    prevalence: str
    prevalence_basis: str
    symptoms: tuple[str, ...]
    movements: tuple[Movement, ...]
    perpetuating_factors: tuple[Cause, ...]
    notes: str | None
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class StructureAtRisk:
    """Something needling this muscle could injure, with what to watch for."""

    structure: str
    note: str


@dataclass(frozen=True)
class PleuraDepth:
    """Skin-to-pleura depth over a muscle as a published ultrasound study measured it."""

    mm: tuple[float, float]  # the range the study reports
    note: str  # who was measured and how (position, body build)
    citation: Citation


@dataclass(frozen=True)
class Needling:
    """Dry needling guidance for a muscle. Needle ranges are None where no source gives one;
    `pleura_depth` only where a published ultrasound study gives one."""

    position: str
    approach: str
    needle_length_mm: tuple[float, float] | None
    needle_gauge_mm: tuple[float, float] | None
    depth: str | None
    structures_at_risk: tuple[StructureAtRisk, ...]
    pneumothorax_risk: bool
    citation: Citation
    pleura_depth: PleuraDepth | None = None


@dataclass(frozen=True)
class Dosage:
    """How much of a self-care exercise; each part only where a source gives it."""

    sets: int | None = None
    repetitions: int | None = None
    hold_seconds: int | None = None
    times_per_day: int | None = None

    def __bool__(self) -> bool:
        return any(
            v is not None
            for v in (self.sets, self.repetitions, self.hold_seconds, self.times_per_day)
        )

    def __str__(self) -> str:
        # "3 × 30 s hold, 2×/day": the count, then what each one is, then how often.
        sets, reps, hold = self.sets, self.repetitions, self.hold_seconds
        if sets and reps:
            count = f"{sets} {_plural(sets, 'set')} of {reps}"
        elif sets:
            count = f"{sets}" if hold else f"{sets} {_plural(sets, 'set')}"
        elif reps:
            count = f"{reps}" if hold else f"{reps} {_plural(reps, 'repetition')}"
        else:
            count = ""
        if hold:
            count = f"{count} × {hold} s hold" if count else f"{hold} s hold"
        parts = [count] if count else []
        if self.times_per_day:
            parts.append(f"{self.times_per_day}×/day")
        return ", ".join(parts)


def _plural(n: int, word: str) -> str:
    return word if n == 1 else f"{word}s"


@dataclass(frozen=True)
class SelfCare:
    """A self-care exercise a patient can do for this muscle."""

    kind: str
    name: str
    how: str
    dosage: Dosage
    citation: Citation


@dataclass(frozen=True)
class Muscle:
    """A muscle (or named part of one) with its trigger points, needling and self-care."""

    id: str
    name: str
    group: str
    part_of: str | None
    aliases: tuple[str, ...]
    actions: tuple[str, ...]
    trigger_points: tuple[TriggerPoint, ...]
    needling: Needling
    self_care: tuple[SelfCare, ...]
    citations: tuple[Citation, ...]
    # True for a muscle of its own within the family `part_of` names (the scalenes, the
    # peroneals); False for a part of one muscle (a head, a set of fibres).
    separate_muscle: bool = False

    @property
    def anatomical_id(self) -> str:
        """The muscle this entry counts as when muscles are counted (billing): its own id for
        a muscle of its own, the whole muscle's for a part of one."""
        return self.id if self.separate_muscle or not self.part_of else self.part_of

    @property
    def group_name(self) -> str:
        return GROUPS[self.group]

    @property
    def pneumothorax_risk(self) -> bool:
        return self.needling.pneumothorax_risk


ZoneKind = Literal["essential", "spillover"]
_WORD_RE = re.compile(r"[^\W_]+")


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD_RE.findall(text.casefold()))


@dataclass(frozen=True, eq=False)
class Catalog:
    """All muscles and trigger points of one data directory, with the vocabularies they use."""

    muscles: tuple[Muscle, ...]
    vocabulary: Vocabulary
    _muscle_index: Mapping[str, Muscle] = field(init=False, repr=False)
    _tp_index: Mapping[str, TriggerPoint] = field(init=False, repr=False)
    _zone_index: Mapping[str, tuple[tuple[TriggerPoint, ZoneKind], ...]] = field(
        init=False, repr=False
    )

    def __post_init__(self) -> None:
        tps = {tp.id: tp for m in self.muscles for tp in m.trigger_points}
        zones: dict[str, list[tuple[TriggerPoint, ZoneKind]]] = {}
        # Two passes so every essential hit precedes every spillover hit for a region.
        for kind in ("essential", "spillover"):
            for tp in tps.values():
                for zone in getattr(tp, kind):
                    zones.setdefault(zone.base, []).append((tp, kind))
        object.__setattr__(self, "_muscle_index", MappingProxyType({m.id: m for m in self.muscles}))
        object.__setattr__(self, "_tp_index", MappingProxyType(tps))
        object.__setattr__(
            self, "_zone_index", MappingProxyType({k: tuple(v) for k, v in zones.items()})
        )

    @property
    def movements(self) -> Mapping[str, Movement]:
        return self.vocabulary.movements

    @property
    def causes(self) -> Mapping[str, Cause]:
        return self.vocabulary.causes

    @property
    def sources(self) -> Mapping[str, Source]:
        return self.vocabulary.sources

    @property
    def regions(self) -> Mapping[str, BaseRegion]:
        return self.vocabulary.regions

    def muscle(self, muscle_id: str) -> Muscle:
        """The muscle with this id; KeyError when there is none."""
        return self._muscle_index[muscle_id]

    def trigger_point(self, tp_id: str) -> TriggerPoint:
        """The trigger point with this id; KeyError when there is none."""
        return self._tp_index[tp_id]

    def trigger_points(self) -> Iterator[TriggerPoint]:
        """Every trigger point, in catalog order."""
        return iter(self._tp_index.values())

    def by_group(self) -> dict[str, tuple[Muscle, ...]]:
        """Muscles per group id, all seven groups in display order (empty ones included)."""
        return {g: tuple(m for m in self.muscles if m.group == g) for g in GROUPS}

    def search(self, text: str) -> list[Muscle]:
        """Muscles whose name, aliases or part_of contain a word starting with each word of
        `text` (case-insensitive); matches on the name itself come first."""
        query = _words(text)
        if not query:
            return []

        def matches(words: set[str]) -> bool:
            return all(any(w.startswith(q) for w in words) for q in query)

        by_name, by_other = [], []
        for m in self.muscles:
            if matches(set(_words(m.name))):
                by_name.append(m)
            elif matches(
                {w for t in (*m.aliases, m.part_of or "") for w in _words(t)} | set(_words(m.name))
            ):
                by_other.append(m)
        return by_name + by_other

    def referring_to(self, base_region: str) -> list[tuple[TriggerPoint, ZoneKind]]:
        """Trigger points whose pattern covers this base region, essential zones first.
        KeyError for an id that is not a base region."""
        if base_region not in self.regions:
            raise KeyError(base_region)
        return list(self._zone_index.get(base_region, ()))


# --- loading -------------------------------------------------------------------------------------


def load_catalog(data_dir: Path | None = None) -> Catalog:
    """Load and validate a data directory (the package's own by default); the first problem
    found is raised as a DataError."""
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    vocab = load_vocabulary(data_dir)
    seen: dict[str, str] = {}  # id -> file that defined it, for the duplicate message
    per_group: dict[str, list[Muscle]] = {g: [] for g in GROUPS}
    for path in sorted((data_dir / "muscles").glob("*.yaml")):
        group, muscles = _load_muscle_file(path, data_dir, vocab, seen)
        per_group[group].extend(muscles)
    return Catalog(tuple(m for g in GROUPS for m in per_group[g]), vocab)


@functools.cache
def catalog() -> Catalog:
    """The package's own catalog, loaded once."""
    return load_catalog()


def _load_muscle_file(
    path: Path, data_dir: Path, vocab: Vocabulary, seen: dict[str, str]
) -> tuple[str, list[Muscle]]:
    rel = relative_name(path, data_dir)
    top = Fields(rel, "-", read_yaml(path, data_dir))
    top.check_keys(("group", "muscles"))
    group = top.choice("group", GROUPS)
    items = top.items("muscles")
    return group, [_muscle(rel, i, raw, group, vocab, seen) for i, raw in enumerate(items)]


def _entry_id(raw: Any, fallback: str) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"].strip():
        return raw["id"].strip()
    return fallback


def _claim_id(f: Fields, ident: str, seen: dict[str, str]) -> None:
    if ident in seen:
        f.fail("id", f"duplicate id {ident!r}, already defined in {seen[ident]}")
    seen[ident] = f.file


def _muscle(
    rel: str, index: int, raw: Any, group: str, vocab: Vocabulary, seen: dict[str, str]
) -> Muscle:
    f = Fields(rel, _entry_id(raw, f"muscles[{index}]"), raw)
    f.check_keys(
        ("id", "name", "actions", "trigger_points", "needling", "sources"),
        ("part_of", "separate_muscle", "aliases", "self_care"),
    )
    muscle_id = f.required_ident("id")
    _claim_id(f, muscle_id, seen)
    name = f.required_text("name")
    part_of = f.ident("part_of", optional=True)
    separate = f.boolean("separate_muscle") if "separate_muscle" in f.data else False
    if separate and not part_of:
        f.fail("separate_muscle", "only a muscle with part_of (its family) can be separate")
    aliases = f.text_list("aliases")
    actions = f.text_list("actions", nonempty=True)
    tps = tuple(
        _trigger_point(rel, muscle_id, j, raw_tp, vocab, seen)
        for j, raw_tp in enumerate(f.items("trigger_points", nonempty=True))
    )
    needling = _needling(f, vocab)
    self_care = tuple(_self_care(f, k, vocab) for k in range(len(f.items("self_care"))))
    citations = tuple(
        parse_citation(f, "sources", vocab.sources, k)
        for k in range(len(f.items("sources", nonempty=True)))
    )
    return Muscle(
        muscle_id, name, group, part_of, aliases, actions, tps, needling, self_care, citations,
        separate,
    )  # fmt: skip


def _trigger_point(
    rel: str, muscle_id: str, index: int, raw: Any, vocab: Vocabulary, seen: dict[str, str]
) -> TriggerPoint:
    f = Fields(rel, f"{muscle_id}/{_entry_id(raw, f'trigger_points[{index}]')}", raw)
    f.check_keys(
        ("id", "name", "location", "site", "essential", "prevalence", "prevalence_basis"),
        ("spillover", "symptoms", "movements", "perpetuating_factors", "notes", "sources"),
    )
    tp_id = f.required_ident("id")
    if not tp_id.startswith(f"{muscle_id}_"):
        f.fail(
            "id", f"trigger point id {tp_id!r} must start with the muscle id ({muscle_id}_tp<n>)"
        )
    _claim_id(f, tp_id, seen)
    name = f.required_text("name")
    location = f.required_text("location")
    site = _site(f, vocab)
    essential = _zones(f, "essential", vocab, nonempty=True)
    spillover = _zones(f, "spillover", vocab)
    in_essential = {z.base for z in essential}
    for i, zone in enumerate(spillover):
        if zone.base in in_essential:
            f.fail(f"spillover[{i}]", f"region {zone.base!r} is also listed in essential")
    prevalence = f.choice("prevalence", PREVALENCE)
    basis = f.required_text("prevalence_basis")
    symptoms = f.text_list("symptoms")
    movements = tuple(vocab.movements[m] for m in _known_ids(f, "movements", vocab.movements))
    causes = tuple(vocab.causes[c] for c in _known_ids(f, "perpetuating_factors", vocab.causes))
    notes = f.text("notes", optional=True)
    citations = tuple(
        parse_citation(f, "sources", vocab.sources, k) for k in range(len(f.items("sources")))
    )
    return TriggerPoint(
        tp_id,
        name,
        muscle_id,
        location,
        site,
        essential,
        spillover,
        prevalence,
        basis,
        symptoms,
        movements,
        causes,
        notes,
        citations,
    )


def _known_ids(f: Fields, key: str, known: Mapping[str, Any]) -> tuple[str, ...]:
    ids = f.text_list(key)
    for i, ident in enumerate(ids):
        if ident not in known:
            f.fail(f"{key}[{i}]", f"unknown id {ident!r}{did_you_mean(ident, known)}")
        if ident in ids[:i]:
            f.fail(f"{key}[{i}]", f"{ident!r} is listed twice")
    return ids


def _unknown_region(f: Fields, where: str, base: str, vocab: Vocabulary) -> NoReturn:
    hint = did_you_mean(base, vocab.regions)
    # A sided atlas id ("temple_l") is a common slip: muscle data names base regions.
    sided = re.fullmatch(r"(.+)_[lr]", base)
    if sided and sided.group(1) in vocab.regions:
        hint = f" (write the base id {sided.group(1)!r}; the side follows the TrP)"
    f.fail(where, f"unknown region {base!r}{hint}")


def _site(f: Fields, vocab: Vocabulary) -> str:
    """The one base region the trigger point lies over; same side as the TrP (or midline)."""
    site = f.required_text("site")
    if site.startswith(BOTH_PREFIX):
        f.fail("site", f"a trigger point lies on one side; {BOTH_PREFIX} does not apply")
    if site not in vocab.regions:
        _unknown_region(f, "site", site, vocab)
    return site


def _zones(
    f: Fields, key: str, vocab: Vocabulary, *, nonempty: bool = False
) -> tuple[ZoneRef, ...]:
    zones: list[ZoneRef] = []
    for i, item in enumerate(f.text_list(key, nonempty=nonempty)):
        where = f"{key}[{i}]"
        both = item.startswith(BOTH_PREFIX)
        base = item.removeprefix(BOTH_PREFIX).strip() if both else item
        region = vocab.regions.get(base)
        if region is None:
            _unknown_region(f, where, base, vocab)
        if both and region.midline:
            f.fail(where, f"{base!r} is a midline region; {BOTH_PREFIX} does not apply")
        if any(z.base == base for z in zones):
            f.fail(where, f"region {base!r} is listed twice")
        zones.append(ZoneRef(base, both))
    return tuple(zones)


def _range(f: Fields, key: str) -> tuple[float, float] | None:
    value = f.data.get(key)
    if value is None:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or any(isinstance(v, bool) or not isinstance(v, int | float) for v in value)
    ):
        f.fail(key, f"expected a range [min, max] of two numbers, got {value!r}")
    low, high = float(value[0]), float(value[1])
    if not 0 < low <= high:
        f.fail(key, f"range {value!r} must satisfy 0 < min <= max")
    return low, high


def _needling(muscle: Fields, vocab: Vocabulary) -> Needling:
    f = muscle.nested("needling")
    f.check_keys(
        ("position", "approach", "pneumothorax_risk", "source"),
        ("needle_length_mm", "needle_gauge_mm", "depth", "structures_at_risk", "pleura_depth"),
    )
    position = f.required_text("position")
    approach = f.required_text("approach")
    length = _range(f, "needle_length_mm")
    gauge = _range(f, "needle_gauge_mm")
    depth = f.text("depth", optional=True)
    structures = []
    for i in range(len(f.items("structures_at_risk"))):
        s = f.nested("structures_at_risk", i)
        s.check_keys(("structure",), ("note",))
        structures.append(
            StructureAtRisk(s.choice("structure", STRUCTURES), s.text("note", optional=True) or "")
        )
    risk = f.boolean("pneumothorax_risk")
    citation = parse_citation(f, "source", vocab.sources)
    pleura = None
    if f.data.get("pleura_depth") is not None:
        if not risk:
            f.fail("pleura_depth", "a pleura depth belongs only to a muscle with pneumothorax_risk")
        p = f.nested("pleura_depth")
        p.check_keys(("mm", "note", "source"), ())
        mm = _range(p, "mm")
        if mm is None:
            p.fail("mm", "expected the study's range [min, max] in millimetres")
        note = p.required_text("note")
        pleura = PleuraDepth(mm, note, parse_citation(p, "source", vocab.sources))
    return Needling(
        position, approach, length, gauge, depth, tuple(structures), risk, citation, pleura
    )


_DOSAGE_KEYS = ("sets", "repetitions", "hold_seconds", "times_per_day")


def _self_care(muscle: Fields, index: int, vocab: Vocabulary) -> SelfCare:
    f = muscle.nested("self_care", index)
    f.check_keys(("kind", "name", "how", "source"), ("dosage",))
    kind = f.choice("kind", SELF_CARE_KINDS)
    name = f.required_text("name")
    how = f.required_text("how")
    dosage = Dosage()
    if f.data.get("dosage") is not None:
        d = f.nested("dosage")
        d.check_keys((), _DOSAGE_KEYS)
        for key, value in d.data.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                d.fail(key, f"expected a whole number of at least 1, got {value!r}")
        dosage = Dosage(**d.data)
    citation = parse_citation(f, "source", vocab.sources)
    return SelfCare(kind, name, how, dosage, citation)
