"""The exercise library: every self-care item of the catalog as an exercise with a stable id,
a dosage (its own source's, else the sourced default for its kind from
`data/exercise_dosage.yaml`) and a small body picture of the muscle."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from taut.kb.catalog import SELF_CARE_KINDS, Catalog, Dosage, Muscle, catalog, load_catalog
from taut.kb.errors import DataError
from taut.kb.vocab import (
    DATA_DIR,
    Citation,
    Fields,
    did_you_mean,
    parse_citation,
    read_yaml,
    relative_name,
)

__all__ = [
    "AS_ADVISED",
    "DosageDefault",
    "Exercise",
    "KIND_NAMES",
    "Library",
    "exercise",
    "exercises",
    "for_muscles",
    "library",
    "load_dosage_defaults",
    "load_library",
    "picture_svg",
]

AS_ADVISED = "As advised"
# How each kind of exercise is named to a patient, in catalog.SELF_CARE_KINDS order.
KIND_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "stretch": "Stretch",
        "self_release": "Self-release",
        "strengthening": "Strengthening",
        "posture": "Posture and habits",
    }
)
DOSAGE_FILE = "exercise_dosage.yaml"
_DOSAGE_KEYS = ("sets", "repetitions", "hold_seconds", "times_per_day")


@dataclass(frozen=True)
class DosageDefault:
    """The dose used for a kind of exercise whose own source gives none; an empty dosage
    comes with the reason there is none."""

    kind: str
    dosage: Dosage
    frequency: str
    citation: Citation | None
    reason: str


@dataclass(frozen=True)
class Exercise:
    """One self-care exercise for one muscle, ready to hand to a patient."""

    id: str  # "<muscle_id>.<slug of name>"
    muscle_id: str
    muscle_name: str
    kind: str  # catalog.SELF_CARE_KINDS
    name: str
    how: str
    dosage: Dosage
    dosage_source: str  # the cited text the dosage comes from, or why there is none
    citation: Citation  # the source of the exercise itself
    frequency: str = ""  # how many days a week, where the dosage source says so
    dosage_citation: Citation | None = None

    @property
    def dosage_label(self) -> str:
        """The dosage in words, or "As advised" when no source gives one."""
        return str(self.dosage) or AS_ADVISED

    @property
    def source_label(self) -> str:
        """The exercise's source in short: "Ludewig et al. 2004"."""
        return short_cite(self.citation.source.cite)

    @property
    def dosage_source_label(self) -> str:
        """The dosage's source in short, or "no sourced dose" for advice without one."""
        if self.dosage_citation is None:
            return "no sourced dose"
        return short_cite(self.dosage_citation.source.cite)


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "Chin nod (deep neck)" -> "chin-nod-deep-neck"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def citation_text(citation: Citation) -> str:
    """The full reference, then where in it: what a printed program shows as the source."""
    where = f" ({citation.where})" if citation.where else ""
    return f"{citation.source.cite}{where}"


def short_cite(cite: str) -> str:
    """First author and year of a Vancouver-style reference: "Simons et al. 1999"."""
    authors = cite.split(".", 1)[0]
    first = authors.split(",")[0].split()
    surname = " ".join(w for w in first if not (w.isupper() and len(w) <= 3)) or authors
    year = re.search(r"\b(19|20)\d{2}\b", cite)
    several = "," in authors
    return f"{surname}{' et al.' if several else ''}{' ' + year.group(0) if year else ''}"


# --- loading -------------------------------------------------------------------------------


def load_dosage_defaults(
    data_dir: Path | None = None, kb: Catalog | None = None
) -> Mapping[str, DosageDefault]:
    """The default dosage of each self-care kind, validated: every kind exactly once, and a
    dosage with its source, or no dosage with the reason why."""
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    kb = kb if kb is not None else (catalog() if data_dir == DATA_DIR else load_catalog(data_dir))
    path = data_dir / DOSAGE_FILE
    rel = relative_name(path, data_dir)
    top = Fields(rel, "-", read_yaml(path, data_dir))
    top.check_keys(("defaults",))
    out: dict[str, DosageDefault] = {}
    for i, raw in enumerate(top.items("defaults", nonempty=True)):
        entry = (
            raw.get("kind") if isinstance(raw, dict) and isinstance(raw.get("kind"), str) else None
        )
        f = Fields(rel, entry or f"defaults[{i}]", raw)
        f.check_keys(("kind",), ("dosage", "frequency", "source", "reason"))
        kind = f.required_text("kind")
        if kind not in SELF_CARE_KINDS:
            f.fail("kind", f"unknown kind {kind!r}{did_you_mean(kind, SELF_CARE_KINDS)}")
        if kind in out:
            f.fail("kind", f"{kind!r} is listed twice")
        out[kind] = _default(f, kind, kb)
    for kind in SELF_CARE_KINDS:
        if kind not in out:
            top.fail("defaults", f"no entry for kind {kind!r}; every self-care kind needs one")
    return MappingProxyType({k: out[k] for k in SELF_CARE_KINDS})


def _default(f: Fields, kind: str, kb: Catalog) -> DosageDefault:
    dosage = _dosage(f)
    frequency = f.text("frequency", optional=True) or ""
    reason = f.text("reason", optional=True) or ""
    if dosage:
        if f.data.get("source") is None:
            f.fail("source", "a default dosage needs the source it comes from")
        if reason:
            f.fail("reason", "give a reason only when there is no dosage")
        return DosageDefault(kind, dosage, frequency, parse_citation(f, "source", kb.sources), "")
    if not reason:
        f.fail("reason", "without a dosage, say why there is none (for example no trial gives one)")
    citation = parse_citation(f, "source", kb.sources) if f.data.get("source") else None
    return DosageDefault(kind, dosage, frequency, citation, reason)


def _dosage(f: Fields) -> Dosage:
    if f.data.get("dosage") is None:
        return Dosage()
    d = f.nested("dosage")
    d.check_keys((), _DOSAGE_KEYS)
    for key, value in d.data.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            d.fail(key, f"expected a whole number of at least 1, got {value!r}")
    return Dosage(**d.data)


@dataclass(frozen=True, eq=False)
class Library:
    """All exercises of one catalog, by id and by muscle."""

    exercises: tuple[Exercise, ...]
    catalog: Catalog
    defaults: Mapping[str, DosageDefault]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({e.id: e for e in self.exercises}))

    def get(self, exercise_id: str) -> Exercise:
        """The exercise with this id; KeyError naming the id (and a close one) when unknown."""
        try:
            return self._by_id[exercise_id]  # type: ignore[attr-defined]
        except KeyError:
            hint = did_you_mean(exercise_id, self._by_id)  # type: ignore[attr-defined]
            raise KeyError(f"no exercise with id {exercise_id!r}{hint}") from None

    def of_muscle(self, muscle_id: str) -> tuple[Exercise, ...]:
        return tuple(e for e in self.exercises if e.muscle_id == muscle_id)

    def muscles_named(self, muscle_id: str) -> tuple[Muscle, ...]:
        """The muscle with this id, or every part of the whole muscle it names (trapezius ->
        upper, middle and lower trapezius); KeyError when it names neither."""
        try:
            return (self.catalog.muscle(muscle_id),)
        except KeyError:
            parts = tuple(m for m in self.catalog.muscles if m.part_of == muscle_id)
        if not parts:
            known = [m.id for m in self.catalog.muscles] + [
                m.part_of for m in self.catalog.muscles if m.part_of
            ]
            raise KeyError(f"no muscle with id {muscle_id!r}{did_you_mean(muscle_id, known)}")
        return parts

    def for_muscles(self, muscle_ids: Iterable[str]) -> list[Exercise]:
        """Exercises for these muscles, muscle by muscle in the order given and within each
        muscle stretch, self-release, strengthening, posture. A whole muscle's id brings all
        its parts; the same exercise reached twice (same kind, name and instructions, as two
        parts of one muscle often share) is listed once."""
        order = {kind: k for k, kind in enumerate(SELF_CARE_KINDS)}
        out: list[Exercise] = []
        seen: set[tuple[str, str, str]] = set()
        for muscle_id in muscle_ids:
            for muscle in self.muscles_named(muscle_id):
                for ex in sorted(self.of_muscle(muscle.id), key=lambda e: order[e.kind]):
                    key = (ex.kind, ex.name, ex.how)
                    if key not in seen:
                        seen.add(key)
                        out.append(ex)
        return out

    def find(self, text: str = "", *, kind: str = "", muscle: str = "") -> list[Exercise]:
        """Exercises matching every filter given, in library order: a kind, a muscle (or a
        whole muscle's parts), and text that names the muscle (as catalog search does) or
        starts words of the exercise's name or instructions."""
        found = list(self.exercises)
        if kind:
            found = [e for e in found if e.kind == kind]
        if muscle:
            ids = {m.id for m in self.muscles_named(muscle)}
            found = [e for e in found if e.muscle_id in ids]
        query = _words(text)
        if query:
            by_muscle = {m.id for m in self.catalog.search(text)}

            def matches(e: Exercise) -> bool:
                words = set(_words(f"{e.name} {e.how}"))
                return all(any(w.startswith(q) for w in words) for q in query)

            found = [e for e in found if e.muscle_id in by_muscle or matches(e)]
        return found

    def whole_muscles(self) -> dict[str, str]:
        """Ids of muscles made of parts in the catalog ("trapezius"), with a display name."""
        return {
            m.part_of: m.part_of.replace("_", " ").capitalize()
            for m in self.catalog.muscles
            if m.part_of
        }


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def load_library(data_dir: Path | None = None) -> Library:
    """Build and validate the exercise library of a data directory (the package's own by
    default); the first problem found is raised as a DataError."""
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    kb = catalog() if data_dir == DATA_DIR else load_catalog(data_dir)
    defaults = load_dosage_defaults(data_dir, kb)
    out: list[Exercise] = []
    for muscle in kb.muscles:
        ids: dict[str, int] = {}
        for k, item in enumerate(muscle.self_care):
            ident = f"{muscle.id}.{slugify(item.name)}"
            if ident in ids:
                raise DataError(
                    _muscle_file(muscle, data_dir),
                    muscle.id,
                    f"self_care[{k}].name",
                    f"gives the same exercise id {ident!r} as self_care[{ids[ident]}]; "
                    "name the two exercises differently",
                )
            ids[ident] = k
            out.append(_exercise(ident, muscle, item, defaults[item.kind]))
    return Library(tuple(out), kb, defaults)


def _muscle_file(muscle: Muscle, data_dir: Path) -> str:
    path = data_dir / "muscles" / f"{muscle.group}.yaml"
    return relative_name(path, data_dir) if path.exists() else "muscles/"


def _exercise(ident, muscle, item, default: DosageDefault) -> Exercise:
    if item.dosage:
        dosage, frequency, dosage_citation = item.dosage, "", item.citation
        source = citation_text(item.citation)
    else:
        dosage, frequency, dosage_citation = default.dosage, default.frequency, default.citation
        source = citation_text(default.citation) if default.dosage else default.reason
    return Exercise(
        id=ident,
        muscle_id=muscle.id,
        muscle_name=muscle.name,
        kind=item.kind,
        name=item.name,
        how=item.how,
        dosage=dosage,
        dosage_source=source,
        citation=item.citation,
        frequency=frequency,
        dosage_citation=dosage_citation,
    )


@functools.cache
def library() -> Library:
    """The package's own exercise library, loaded once."""
    return load_library()


def exercises() -> tuple[Exercise, ...]:
    """Every exercise of the library, muscle by muscle in catalog order."""
    return library().exercises


def exercise(exercise_id: str) -> Exercise:
    """The exercise with this id; KeyError with a clear message when there is none."""
    return library().get(exercise_id)


def for_muscles(muscle_ids: Iterable[str]) -> list[Exercise]:
    """Exercises for these muscles (see Library.for_muscles)."""
    return library().for_muscles(muscle_ids)


# --- the picture ---------------------------------------------------------------------------

PICTURE_SIDE = "right"  # as the reference maps: the right side shown
PICTURE_HEIGHT = 200  # px; a printed program fits several per page
_VIEW_PREFERENCE = ("posterior", "anterior", "head", "plantar")
MUSCLE_FILL = "#c0392b"


def muscle_regions(muscle: Muscle, side: str = PICTURE_SIDE) -> tuple[str, tuple[str, ...]]:
    """The view to draw a muscle in and the atlas regions its trigger points lie over there:
    the view holding most of its trigger point sites (back before front on a tie)."""
    from taut.kb.atlas import load_atlas

    atlas = load_atlas()
    sites = list(dict.fromkeys(atlas.sided(tp.site, side) for tp in muscle.trigger_points))
    per_view: dict[str, list[str]] = {}
    for region_id in sites:
        per_view.setdefault(atlas.get(region_id).view, []).append(region_id)
    view = max(per_view, key=lambda v: (len(per_view[v]), -_VIEW_PREFERENCE.index(v)))
    return view, tuple(per_view[view])


@functools.lru_cache(maxsize=1024)  # the same figure for a muscle on every page that shows it
def picture_svg(exercise_or_muscle_id: str, *, id_prefix: str = "ex-") -> str:
    """A small body figure, one view, with the regions where the muscle's trigger points lie
    marked with the CSS class "muscle" (and a fill, so it prints without the stylesheet).
    Takes an exercise id or a muscle id; KeyError for neither."""
    from taut.kb.atlas import load_atlas
    from taut.kb.figure import CANVAS, render_svg

    ident = exercise_or_muscle_id
    lib = library()
    muscle_id = lib.get(ident).muscle_id if "." in ident else ident
    try:
        muscle = lib.catalog.muscle(muscle_id)
    except KeyError:
        known = [m.id for m in lib.catalog.muscles]
        raise KeyError(f"no muscle with id {muscle_id!r}{did_you_mean(muscle_id, known)}") from None
    view, regions = muscle_regions(muscle)
    side = PICTURE_SIDE if view == "head" else None
    prefix = f"{id_prefix}{slugify(ident)}-"
    svg = render_svg(
        view, side, marked={r: "muscle" for r in regions}, id_prefix=prefix, atlas=load_atlas()
    )
    width, height = CANVAS[view]
    size = f'width="{round(width * PICTURE_HEIGHT / height)}" height="{PICTURE_HEIGHT}" '
    svg = svg.replace("<svg ", f"<svg {size}", 1)
    return svg.replace('class="region muscle"', f'class="region muscle" fill="{MUSCLE_FILL}"')
