"""The session's SOAP note, written from what was recorded: nothing is added that the
clinician did not enter, so the draft reads as facts to check, amend and sign."""

from decimal import Decimal

from taut.exams.models import Side
from taut.kb.catalog import catalog
from taut.treatment.models import SoftTissue

NO_PLAN = "Plan: continue as agreed."


def soap_note(session) -> str:
    """S, O, A and P paragraphs of a saved session (its rows included)."""
    return "\n\n".join(
        [subjective(session), objective(session), assessment(session), plan(session)]
    )


def subjective(session) -> str:
    return f"S: {sentence(session.episode.title)} Pain before treatment {session.pain_before}/10."


def objective(session) -> str:
    rom = list(session.rom.all())
    lines = ["O: Range of motion re-measured:" if rom else "O: Range of motion not re-measured."]
    lines += [f"- {rom_line(row)}" for row in rom]
    needlings = session.needlings.all()
    if needlings:
        lines.append("Dry needling:")
        lines += [f"- {needling_line(n)}" for n in needlings]
    else:
        lines.append("No dry needling.")
    if session.soft_tissue:
        labels = dict(SoftTissue.choices)
        done = [lower_first(labels.get(t, t)) for t in session.soft_tissue]
        lines.append(f"Soft tissue: {', '.join(done)}.")
    events = session.adverse_events.all()
    if events:
        lines.append("Adverse events:")
        lines += [f"- {event_line(e)}" for e in events]
    else:
        lines.append("Adverse events: none.")
    return "\n".join(lines)


def assessment(session) -> str:
    before, after = session.pain_before, session.pain_after
    if after is None:
        return f"A: Pain {before}/10 before treatment; not re-rated after."
    change = before - after
    if change > 0:
        how = f"{change} point{'s' if change != 1 else ''} lower"
    elif change < 0:
        how = f"{-change} point{'s' if change != -1 else ''} higher"
    else:
        how = "unchanged"
    return f"A: Pain {before}/10 before and {after}/10 after treatment ({how})."


def plan(session) -> str:
    lines = []
    if session.exercises.strip():
        lines.append(f"Exercises taught: {sentence(session.exercises.strip())}")
    comments = session.comments.strip()
    lines.append(f"Plan: {sentence(comments)}" if comments else NO_PLAN)
    return "P: " + "\n".join(lines)


# --- one line per recorded row ----------------------------------------------------------------


def rom_line(row) -> str:
    movement = catalog().movements.get(row.movement)
    name = movement.name if movement else row.movement
    where = "" if row.side == Side.MIDLINE else f" ({row.get_side_display().lower()})"
    text = f"{name}{where} {row.degrees}°"
    if row.percent_of_normal is not None:
        text += f", {row.percent_of_normal:.0f} % of normal ({row.normal_degrees}°)"
    return text + (", painful" if row.painful else "")


def needling_line(n) -> str:
    kb = catalog()
    try:
        muscle = kb.muscle(n.muscle).name
    except KeyError:
        muscle = n.muscle
    text = f"{muscle} ({n.get_side_display().lower()})"
    if n.trigger_point:
        try:
            text += f", {lower_first(kb.trigger_point(n.trigger_point).name)}"
        except KeyError:
            text += f", {n.trigger_point}"
    twitches = f"{n.twitch_responses} local twitch response{'s' if n.twitch_responses != 1 else ''}"
    insertions = f"{n.insertions} insertion{'s' if n.insertions != 1 else ''}"
    needle = f"needle {number(n.needle_gauge_mm)} × {number(n.needle_length_mm)} mm"
    technique = lower_first(n.get_technique_display())
    return f"{text}: {technique}, {insertions}, {twitches}, {needle}"


def event_line(e) -> str:
    text = f"{e.get_kind_display()}, {e.get_severity_display().lower()}"
    if e.details.strip():
        text += f" ({e.details.strip()})"
    if e.action_taken.strip():
        text += f"; action taken: {e.action_taken.strip()}"
    return text


# --- wording -----------------------------------------------------------------------------------


def number(value) -> str:
    """40.0 -> "40", 0.30 -> "0.3": a needle size as written on the box."""
    return f"{Decimal(value).normalize():f}"


def sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
