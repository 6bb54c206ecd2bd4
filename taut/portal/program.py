"""A patient's home program: the exercises of the episode's current plan with their dosage in
words and a picture of the muscle, the clinician's notes, dry needling aftercare, and how to
reach the clinic. One function gathers it for the page and the PDF, staff or patient."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from taut.kb.atlas import load_atlas
from taut.kb.care import Aftercare, aftercare
from taut.kb.catalog import catalog
from taut.kb.exercises import library, muscle_regions, picture_svg
from taut.kb.figure import CANVAS
from taut.plans.models import PlanExercise, TreatmentPlan
from taut.treatment.models import Needling

KIND_WORDS = {
    "stretch": "Stretch",
    "self_release": "Self-massage",
    "strengthening": "Strengthening",
    "posture": "Posture",
}
AS_SHOWN = "As your clinician showed you"
ZOOM_MIN = 300.0  # canvas units (the body is 810 tall): enough of the body to place the muscle
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@dataclass(frozen=True)
class ProgramItem:
    """One exercise as the patient reads it."""

    number: int
    name: str
    kind: str
    muscle: str
    how: str
    dosage: str
    notes: str
    picture: SafeString


@dataclass(frozen=True)
class Program:
    plan: TreatmentPlan
    items: tuple[ProgramItem, ...]
    notes: str
    aftercare: Aftercare | None  # shown when the episode's care includes dry needling
    clinician: str
    written_on: date

    @property
    def episode(self):
        return self.plan.episode

    @property
    def patient(self):
        return self.plan.patient

    @property
    def clinic(self):
        return self.plan.clinic

    @property
    def sources(self) -> list[str]:
        """The references the aftercare cites, each once, in full."""
        if self.aftercare is None:
            return []
        return list(dict.fromkeys(c.source.cite for c in self.aftercare.citations))

    @property
    def short_sources(self) -> list[str]:
        """The same references as "First author et al. year", for the printed sheet."""
        return list(dict.fromkeys(short_reference(cite) for cite in self.sources))


def short_reference(cite: str) -> str:
    """ "Brady S, McEvoy J, ... 2014;22(3):134-140." -> "Brady et al. 2014"."""
    authors = cite.split(". ", 1)[0].split(",")
    surname = authors[0].strip().rsplit(" ", 1)[0] if " " in authors[0].strip() else authors[0]
    year = YEAR.search(cite)
    more = " et al." if len(authors) > 1 else ""
    return f"{surname.strip()}{more}{' ' + year.group(0) if year else ''}"


def current_plan(episode) -> TreatmentPlan | None:
    """The episode's plan in force: its highest version."""
    return (
        TreatmentPlan.objects.current()
        .filter(episode=episode)
        .select_related("patient", "clinic", "episode", "accepted_by")
        .first()
    )


def home_program(plan: TreatmentPlan) -> Program:
    exercises = list(plan.exercises.all())
    needled = (
        bool(plan.needling_targets)
        or Needling.objects.filter(session__episode=plan.episode).exists()
    )
    return Program(
        plan=plan,
        items=tuple(item(n, e) for n, e in enumerate(exercises, 1)),
        notes=plan.notes.strip(),
        aftercare=aftercare() if needled else None,
        clinician=plan.accepted_by.display_name,
        written_on=timezone.localtime(plan.accepted_at).date(),
    )


def item(number: int, exercise: PlanExercise) -> ProgramItem:
    return ProgramItem(
        number=number,
        name=exercise.name,
        kind=KIND_WORDS.get(exercise.kind, exercise.kind.replace("_", " ").capitalize()),
        muscle=muscle_name(exercise.muscle),
        how=exercise.how,
        dosage=dosage_words(exercise),
        notes=exercise.notes,
        picture=picture(exercise),
    )


def muscle_name(muscle_id: str) -> str:
    if not muscle_id:
        return ""
    try:
        return catalog().muscle(muscle_id).name
    except KeyError:
        return ""


def picture(exercise: PlanExercise) -> SafeString:
    """The body figure with the exercise's muscle marked, zoomed on it; none for a muscle the
    library does not know (a clinician's own exercise)."""
    for ident in (exercise.exercise, exercise.muscle):
        if not ident:
            continue
        try:
            svg = picture_svg(ident, id_prefix=f"p{exercise.pk}-")
            muscle = catalog().muscle(library().get(ident).muscle_id if "." in ident else ident)
        except KeyError:
            continue
        # drawn by taut.kb.figure from the atlas: no user text in it
        return mark_safe(zoom(svg, *muscle_regions(muscle)))
    return mark_safe("")


def zoom(svg: str, view: str, regions: tuple[str, ...]) -> str:
    """The whole-body figure cropped to a 3:4 window around the marked regions, so the muscle
    is big enough to see on paper; the head and sole views are small already."""
    if view not in ("anterior", "posterior") or not regions:
        return svg
    shapes = load_atlas().geometry.shapes
    points = [xy for r in regions for xy in path_points(shapes[r].path)]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    canvas_w, canvas_h = CANVAS[view]
    height = min(canvas_h, max(ZOOM_MIN, 2.2 * max(max(ys) - min(ys), (max(xs) - min(xs)) * 4 / 3)))
    width = min(canvas_w, height * 3 / 4)
    left = clamp((min(xs) + max(xs)) / 2 - width / 2, 0, canvas_w - width)
    top = clamp((min(ys) + max(ys)) / 2 - height / 2, 0, canvas_h - height)
    box = f'viewBox="{left:.0f} {top:.0f} {width:.0f} {height:.0f}"'
    svg = re.sub(r'viewBox="[^"]*"', box, svg, count=1)
    return re.sub(r'<svg width="\d+" height="\d+" ', "<svg ", svg, count=1)


def path_points(path: str) -> list[tuple[float, float]]:
    numbers = [float(n) for n in NUMBER.findall(path)]
    return list(zip(numbers[::2], numbers[1::2], strict=False))


def clamp(value: float, low: float, high: float) -> float:
    return max(low, min(value, high))


def times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def daily(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times") + " a day"


def dosage_words(exercise: PlanExercise) -> str:
    """ "Hold 30 seconds, 3 times, twice a day" or "3 sets of 10, once a day", in words."""
    sets, reps, hold, per_day = (
        exercise.sets, exercise.repetitions, exercise.hold_seconds, exercise.times_per_day,
    )  # fmt: skip
    parts = []
    if hold:
        parts.append(f"Hold {seconds(hold)}")
    if sets and reps:
        parts.append(f"{sets} set{'s' if sets != 1 else ''} of {reps}")
    elif reps or (sets and hold):
        parts.append(times(reps or sets))
    elif sets:
        parts.append(f"{sets} set{'s' if sets != 1 else ''}")
    if per_day:
        parts.append(daily(per_day))
    if not parts:
        return AS_SHOWN
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


def seconds(value: int) -> str:
    if value >= 60 and value % 60 == 0:
        minutes = value // 60
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{value} seconds"
