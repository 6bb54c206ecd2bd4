"""Shared vocabularies of the knowledge base (regions, movements, causes, sources) and the
strict YAML reading and field checking that the catalog loader builds on."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

import yaml

from taut.kb.errors import DataError

DATA_DIR = Path(__file__).resolve().parent / "data"

# snake_case: lower-case words joined by single underscores.
ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


@dataclass(frozen=True)
class Source:
    """A book or paper the knowledge base cites: its key and full reference."""

    key: str
    cite: str


@dataclass(frozen=True)
class Citation:
    """A pointer into a source: which source, and where in it (chapter, page)."""

    source: Source
    where: str

    def __str__(self) -> str:
        return f"{self.source.key} {self.where}".strip()


@dataclass(frozen=True)
class Movement:
    """A movement a trigger point can make painful or limited."""

    id: str
    joint: str
    name: str
    axial: bool = False


@dataclass(frozen=True)
class Cause:
    """A perpetuating factor that can start or keep a trigger point going."""

    id: str
    name: str


@dataclass(frozen=True)
class BaseRegion:
    """A base surface region as regions.yaml lists it (sided unless midline)."""

    id: str
    name: str
    view: str
    midline: bool = False


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """Everything the muscle files refer to by id, each mapping kept in file order."""

    regions: Mapping[str, BaseRegion]
    movements: Mapping[str, Movement]
    causes: Mapping[str, Cause]
    sources: Mapping[str, Source]


# --- strict YAML reading ---------------------------------------------------------------------

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that refuses duplicate mapping keys instead of keeping the last one."""


def _map_without_duplicates(loader: Any, node: yaml.MappingNode) -> Any:
    # PyYAML silently keeps the last of two equal keys, which would quietly drop data such as
    # a second `spillover:` line; refuse it so the author sees the mistake.
    seen: set[str] = set()
    for key_node, _value in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
            if key_node.value in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key_node.value!r}", key_node.start_mark
                )
            seen.add(key_node.value)
    yield from loader.construct_yaml_map(node)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _map_without_duplicates
)


def relative_name(path: Path, data_dir: Path) -> str:
    """The file's path relative to the data directory, as error messages show it."""
    try:
        return path.resolve().relative_to(data_dir.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def read_yaml(path: Path, data_dir: Path) -> Any:
    """Parse one YAML file; unreadable files and syntax errors become a DataError."""
    rel = relative_name(path, data_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(rel, "-", "-", "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(rel, "-", "-", f"cannot read the file: {exc}") from None
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "unknown line"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        kind = (
            "YAML error"
            if isinstance(exc, yaml.constructor.ConstructorError)
            else ("YAML syntax error")
        )
        raise DataError(rel, "-", "-", f"{kind} at {where}: {problem}") from None


# --- field checking ----------------------------------------------------------------------------


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean ...?)' hint for a misspelt key or id, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


class Fields:
    """Typed access to one YAML mapping; every failure is a DataError naming file, entry and
    field (nested mappings pass a `prefix` such as "needling.")."""

    def __init__(self, file: str, entry: str, data: Any, prefix: str = ""):
        self.file, self.entry, self.prefix = file, entry, prefix
        if not isinstance(data, dict):
            where = prefix.rstrip(".") or "-"
            self.fail_at(where, f"expected a mapping of fields, got {_kind(data)}")
        self.data: dict[Any, Any] = data

    def fail_at(self, field: str, problem: str) -> NoReturn:
        raise DataError(self.file, self.entry, field, problem)

    def fail(self, key: str, problem: str) -> NoReturn:
        self.fail_at(f"{self.prefix}{key}", problem)

    def check_keys(self, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
        """Unknown keys first (they are usually typos of a required one), then missing ones."""
        allowed = required + optional
        for key in self.data:
            if key not in allowed:
                self.fail(
                    str(key),
                    f"unknown field{did_you_mean(str(key), allowed)}; "
                    f"allowed: {', '.join(allowed)}",
                )
        for key in required:
            if key not in self.data:
                self.fail(key, "missing required field")

    def text(self, key: str, *, optional: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None:
            if optional:
                return None
            self.fail(key, "must not be empty")
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"expected non-empty text, got {_kind(value)}")
        return value.strip()

    def required_text(self, key: str) -> str:
        return self.text(key) or self.fail(key, "must not be empty")

    def ident(self, key: str, *, optional: bool = False) -> str | None:
        value = self.text(key, optional=optional)
        if value is not None and not ID_RE.match(value):
            self.fail(key, f"{value!r} is not a snake_case id")
        return value

    def required_ident(self, key: str) -> str:
        return self.ident(key) or self.fail(key, "must not be empty")

    def boolean(self, key: str) -> bool:
        value = self.data.get(key)
        if not isinstance(value, bool):
            self.fail(key, f"expected true or false, got {_kind(value)}")
        return value

    def items(self, key: str, *, nonempty: bool = False) -> list[Any]:
        """A list field; an absent or null optional list reads as empty."""
        value = self.data.get(key)
        if value is None:
            value = []
        if not isinstance(value, list):
            self.fail(key, f"expected a list, got {_kind(value)}")
        if nonempty and not value:
            self.fail(key, "must list at least one item")
        return value

    def text_list(self, key: str, *, nonempty: bool = False) -> tuple[str, ...]:
        out = []
        for i, value in enumerate(self.items(key, nonempty=nonempty)):
            if not isinstance(value, str) or not value.strip():
                self.fail(f"{key}[{i}]", f"expected non-empty text, got {_kind(value)}")
            out.append(value.strip())
        return tuple(out)

    def choice(self, key: str, allowed: Iterable[str]) -> str:
        value = self.required_text(key)
        allowed = tuple(allowed)
        if value not in allowed:
            self.fail(key, f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def nested(self, key: str, index: int | None = None) -> Fields:
        """Fields of a mapping held in `key` (or in item `index` of the list in `key`)."""
        if index is None:
            return Fields(self.file, self.entry, self.data.get(key), f"{self.prefix}{key}.")
        value = self.data[key][index]
        return Fields(self.file, self.entry, value, f"{self.prefix}{key}[{index}].")


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}" if value.strip() else "empty text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def parse_citation(
    fields: Fields, key: str, sources: Mapping[str, Source], index: int | None = None
) -> Citation:
    """A `{key: <source key>, where: "ch. 5"}` mapping, resolved against sources.yaml."""
    sub = fields.nested(key, index)
    sub.check_keys(("key",), ("where",))
    source_key = sub.required_text("key")
    if source_key not in sources:
        sub.fail("key", f"unknown source {source_key!r}{did_you_mean(source_key, sources)}")
    return Citation(sources[source_key], sub.text("where", optional=True) or "")


# --- the vocabulary files -----------------------------------------------------------------------


def _top_list(data_dir: Path, name: str) -> tuple[str, list[Any]]:
    path = data_dir / name
    rel = relative_name(path, data_dir)
    top = Fields(rel, "-", read_yaml(path, data_dir))
    key = name.removesuffix(".yaml")
    # Other modules own these files too, so extra top-level keys are tolerated.
    if key not in top.data:
        top.fail(key, "missing required field")
    return rel, top.items(key, nonempty=True)


def _entries(rel: str, key: str, items: list[Any]) -> Iterable[Fields]:
    seen: set[str] = set()
    for i, raw in enumerate(items):
        entry = (
            raw["id"]
            if isinstance(raw, dict) and isinstance(raw.get("id"), str)
            else (f"{key}[{i}]")
        )
        fields = Fields(rel, entry, raw)
        ident = fields.required_ident("id")
        if ident in seen:
            fields.fail("id", "duplicate id")
        seen.add(ident)
        yield fields


def load_regions(data_dir: Path = DATA_DIR) -> Mapping[str, BaseRegion]:
    """Base regions from regions.yaml, by id (extra keys belong to the atlas and are ignored)."""
    rel, items = _top_list(data_dir, "regions.yaml")
    out = {}
    for f in _entries(rel, "regions", items):
        midline = f.data.get("midline", False)
        if not isinstance(midline, bool):
            f.fail("midline", f"expected true or false, got {_kind(midline)}")
        rid = f.required_text("id")
        out[rid] = BaseRegion(rid, f.required_text("name"), f.required_text("view"), midline)
    return MappingProxyType(out)


def load_movements(data_dir: Path = DATA_DIR) -> Mapping[str, Movement]:
    """Movements from movements.yaml, by id."""
    rel, items = _top_list(data_dir, "movements.yaml")
    out = {}
    for f in _entries(rel, "movements", items):
        axial = f.data.get("axial", False)
        if not isinstance(axial, bool):
            f.fail("axial", f"expected true or false, got {_kind(axial)}")
        mid = f.required_text("id")
        out[mid] = Movement(mid, f.required_text("joint"), f.required_text("name"), axial)
    return MappingProxyType(out)


def load_causes(data_dir: Path = DATA_DIR) -> Mapping[str, Cause]:
    """Perpetuating factors from causes.yaml, by id."""
    rel, items = _top_list(data_dir, "causes.yaml")
    out = {}
    for f in _entries(rel, "causes", items):
        cid = f.required_text("id")
        out[cid] = Cause(cid, f.required_text("name"))
    return MappingProxyType(out)


def load_sources(data_dir: Path = DATA_DIR) -> Mapping[str, Source]:
    """Cited sources from sources.yaml, by key."""
    path = data_dir / "sources.yaml"
    rel = relative_name(path, data_dir)
    top = Fields(rel, "-", read_yaml(path, data_dir))
    raw = top.data.get("sources")
    if not isinstance(raw, dict) or not raw:
        top.fail("sources", "expected a mapping of source keys")
    out = {}
    for key, value in raw.items():
        if not isinstance(key, str) or not ID_RE.match(key):
            top.fail("sources", f"{key!r} is not a snake_case source key")
        out[key] = Source(key, Fields(rel, key, value).required_text("cite"))
    return MappingProxyType(out)


def load_vocabulary(data_dir: Path = DATA_DIR) -> Vocabulary:
    """All four vocabulary files of one data directory."""
    return Vocabulary(
        regions=load_regions(data_dir),
        movements=load_movements(data_dir),
        causes=load_causes(data_dir),
        sources=load_sources(data_dir),
    )
