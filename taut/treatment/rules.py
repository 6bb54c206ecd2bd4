"""When dry needling may be recorded in an episode, and what the clinician must consider first.

Blockers (no consent in force, an absolute contraindication on the latest intake, a red flag
without a decision or with a referral) refuse any needling; a contraindication at a site
refuses needling into that site only; warnings (a muscle over the lung, a relative
contraindication) let it go ahead once the clinician confirms having considered them.
"""

import json
from dataclasses import dataclass

from django.db.models import F

from taut.clinical import billing, screening
from taut.exams.models import Assessment
from taut.kb.catalog import catalog
from taut.lookups import AnyOf

NO_CONSENT = "No consent on file"
RED_FLAG_PENDING = "Red flag without a recorded decision"
RED_FLAG_REFERRED = "Referred for a red flag"
CONFIRM_FIELD, SEEN_FIELD = "warnings_considered", "warnings_seen"


@dataclass(frozen=True)
class OnFile:
    """What the rules read of an episode, read once for one check: the consent in force, the
    latest intake and where its red flags stand (a session form asked for each several times,
    five reads of the intake for one page)."""

    consent: object | None
    intake: object | None
    review: object  # taut.episodes.models.RedFlagReview

    @classmethod
    def of(cls, episode) -> "OnFile":
        intake = episode.latest_intake()
        review = episode.red_flag_review([] if intake is None else [intake])
        return cls(episode.current_consent(), intake, review)


def needling_blockers(on_file: OnFile) -> list[str]:
    """Why needling cannot be recorded in the episode now; empty when it can."""
    blockers = [] if on_file.consent is not None else [NO_CONSENT]
    review = on_file.review
    if review.pending:
        blockers.append(RED_FLAG_PENDING)
    elif review.closed:
        blockers.append(RED_FLAG_REFERRED)
    if review.intake is not None:
        blockers += review.intake.absolute_labels
    return blockers


def site_refusals(on_file: OnFile, needled: list[tuple[str, str]]) -> list[str]:
    """Each (muscle id, side) of `needled` that enters a site closed by the latest intake,
    as "Biceps brachii (left): lymphoedema, left shoulder, arm and hand"."""
    intake = on_file.intake
    closed = intake.closed_sites() if intake is not None else []
    return refusals_at(closed, needled)


def refusals_at(closed: list[screening.SiteBlock], needled) -> list[str]:
    if not closed:
        return []
    kb = catalog()
    refusals = []
    for muscle_id, side in dict.fromkeys(needled):
        try:
            muscle = kb.muscle(muscle_id)
        except KeyError:
            continue  # an unknown id is the form's to refuse
        entered = screening.sites_of(muscle.id, muscle.group, side)
        for block in closed:
            if block.site in entered:
                where = screening.SITES[block.site].lower()
                refusals.append(f"{muscle.name} ({side}): {block.reason.lower()}, {where}")
    return list(dict.fromkeys(refusals))


def needling_warnings(on_file: OnFile, muscles: list[str]) -> list[str]:
    """What to consider before needling `muscles` (knowledge base ids) in the episode: each
    muscle with a pneumothorax risk, then each relative contraindication on file."""
    kb = catalog()
    warnings = []
    for muscle_id in dict.fromkeys(muscles):
        try:
            muscle = kb.muscle(muscle_id)
        except KeyError:
            continue  # an unknown id is the form's to refuse, not a warning
        if muscle.pneumothorax_risk:
            warnings.append(f"Pneumothorax risk: {muscle.name}")
    if on_file.intake is not None:
        warnings += on_file.intake.relative_labels
    return warnings


@dataclass
class NeedlingCheck:
    """The outcome of the safety check of a session's needling, for the form to show."""

    posted: bool
    blockers: list[str]
    refused: bool  # needling entered while a blocker is on file
    site_refused: list[str]
    warnings: list[str]
    confirmed: bool

    @property
    def passes(self) -> bool:
        """Whether the needling may be saved as entered."""
        return not self.refused and not self.site_refused and (self.confirmed or not self.warnings)

    @property
    def confirm_missing(self) -> bool:
        return (self.posted and bool(self.warnings) and not self.confirmed and not self.refused
                and not self.site_refused)  # fmt: skip


def check_needling(on_file: OnFile, entry, post=None, recorded=None) -> NeedlingCheck:
    """The one check of a session's needling, run when it is recorded and when it is edited or
    amended: blockers refuse any needling, a closed site refuses the needling into it, and
    warnings need the clinician's recorded decision (`post`'s ticked box).

    `recorded`, for an edit, is the (muscle id, side) pairs the stored session already holds:
    they were checked when recorded and record what was done, so only needling the edit adds
    is checked again (against the episode's screening as it is now)."""
    posted = post is not None
    pairs = entry.needled() if posted else [(r["muscle"], r.get("side", ""))
                                            for r in entry.needling.initial or []]  # fmt: skip
    editing = recorded is not None
    if editing:
        pairs = [p for p in pairs if p not in set(recorded)]
    muscles = [muscle for muscle, _ in pairs]
    blockers = needling_blockers(on_file)
    warnings = needling_warnings(on_file, muscles) if muscles or not (posted or editing) else []
    return NeedlingCheck(
        posted=posted,
        blockers=blockers,
        refused=posted and bool(muscles and blockers),
        site_refused=site_refusals(on_file, pairs) if posted else [],
        warnings=warnings,
        confirmed=posted and considered(post, warnings),
    )


def considered(post, warnings: list[str]) -> bool:
    """Whether the clinician ticked the box under a list of warnings that covers these."""
    if not warnings:
        return True
    try:
        seen = json.loads(post.get(SEEN_FIELD) or "[]")
    except ValueError:
        return False
    return post.get(CONFIRM_FIELD) == "on" and isinstance(seen, list) and set(warnings) <= set(seen)


# --- billing -----------------------------------------------------------------------------------


def diagnoses_in_force(sessions) -> dict[int, list[str]]:
    """Each session's diagnosis codes, in code order: those of its episode's latest assessment
    performed at or before the session, the diagnosis the visit treated. A later assessment's
    codes do not reach back to earlier visits."""
    episode_ids = {s.episode_id for s in sessions}
    assessments: dict[int, list[tuple]] = {}
    codes: dict[int, list[str]] = {}
    # One query: each assessment once per code, or once with None when it has none.
    for episode_id, performed_at, pk, code in (
        Assessment.objects.filter(AnyOf(F("episode_id"), episode_ids))
        .order_by("performed_at", "pk")
        .values_list("episode_id", "performed_at", "pk", "diagnoses__code")
    ):
        if pk not in codes:
            assessments.setdefault(episode_id, []).append((performed_at, pk))
            codes[pk] = []
        if code is not None:
            codes[pk].append(code)
    in_force = {}
    for s in sessions:
        before = [pk for at, pk in assessments.get(s.episode_id, []) if at <= s.performed_at]
        in_force[s.pk] = sorted(codes.get(before[-1], [])) if before else []
    return in_force


def billing_lines(sessions) -> list[dict]:
    """One line per session for the billing office and the session export: the code
    suggested, the muscles counted and the diagnosis codes in force at the visit. A session
    is anything with `pk`, `episode_id`, `performed_at` and `needled_muscles()`: a model
    (prefetch its needlings) or the exports' value rows."""
    sessions = list(sessions)
    codes = diagnoses_in_force(sessions)
    lines = []
    for s in sessions:
        needled = s.needled_muscles()
        lines.append({
            "session": s,
            "cpt_code": billing.needling_code(needled) or "",
            "muscles": billing.muscles_counted(needled),
            "diagnoses": codes[s.pk],
        })  # fmt: skip
    return lines
