"""Muscle records as JSON-ready dicts (for the API and fixtures) and as readable text cards."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from taut.kb.catalog import GROUPS, Citation, Muscle, Needling, SelfCare, TriggerPoint, ZoneRef
from taut.kb.vocab import BaseRegion, load_regions


def _citation_dict(c: Citation) -> dict[str, str]:
    return {"key": c.source.key, "cite": c.source.cite, "where": c.where}


def _range(r: tuple[float, float] | None) -> list[float] | None:
    return list(r) if r is not None else None


def _tp_dict(tp: TriggerPoint) -> dict[str, Any]:
    return {
        "id": tp.id,
        "name": tp.name,
        "location": tp.location,
        "site": tp.site,  # a base region id, on the trigger point's side (or midline)
        # Zones keep the data files' spelling: a base id, "both:"-prefixed when bilateral.
        "essential": [str(z) for z in tp.essential],
        "spillover": [str(z) for z in tp.spillover],
        "prevalence": tp.prevalence,
        "prevalence_basis": tp.prevalence_basis,
        "symptoms": list(tp.symptoms),
        "movements": [m.id for m in tp.movements],
        "perpetuating_factors": [c.id for c in tp.perpetuating_factors],
        "notes": tp.notes,
        "sources": [_citation_dict(c) for c in tp.citations],
    }


def _needling_dict(n: Needling) -> dict[str, Any]:
    return {
        "position": n.position,
        "approach": n.approach,
        "needle_length_mm": _range(n.needle_length_mm),
        "needle_gauge_mm": _range(n.needle_gauge_mm),
        "depth": n.depth,
        "structures_at_risk": [
            {"structure": s.structure, "note": s.note} for s in n.structures_at_risk
        ],
        "pneumothorax_risk": n.pneumothorax_risk,
        "source": _citation_dict(n.citation),
    }


def _self_care_dict(s: SelfCare) -> dict[str, Any]:
    d = s.dosage
    dosage = {
        k: v
        for k, v in (
            ("sets", d.sets),
            ("repetitions", d.repetitions),
            ("hold_seconds", d.hold_seconds),
            ("times_per_day", d.times_per_day),
        )
        if v is not None
    }
    return {
        "kind": s.kind,
        "name": s.name,
        "how": s.how,
        "dosage": dosage,
        "dosage_text": str(d),
        "source": _citation_dict(s.citation),
    }


def muscle_to_dict(m: Muscle) -> dict[str, Any]:
    """A JSON-ready dict of one muscle and everything under it."""
    return {
        "id": m.id,
        "name": m.name,
        "group": m.group,
        "group_name": GROUPS[m.group],
        "part_of": m.part_of,
        "aliases": list(m.aliases),
        "actions": list(m.actions),
        "trigger_points": [_tp_dict(tp) for tp in m.trigger_points],
        "needling": _needling_dict(m.needling),
        "pneumothorax_risk": m.needling.pneumothorax_risk,
        "self_care": [_self_care_dict(s) for s in m.self_care],
        "sources": [_citation_dict(c) for c in m.citations],
    }


# --- text card -------------------------------------------------------------------------------


@functools.cache
def _default_regions() -> Mapping[str, BaseRegion]:
    return load_regions()


def _num(x: float) -> str:
    return f"{x:g}"


# Region names contain commas ("Thumb, back"), so zone lists are joined with semicolons.
def _zone_text(z: ZoneRef, regions: Mapping[str, BaseRegion]) -> str:
    region = regions.get(z.base)
    name = region.name if region is not None else z.base
    return f"{name} (both sides)" if z.both_sides else name


def _cite_text(c: Citation) -> str:
    return f"{c.source.key}, {c.where}" if c.where else c.source.key


def muscle_to_text(m: Muscle, regions: Mapping[str, BaseRegion] | None = None) -> str:
    """A multi-line plain-text card of one muscle for a person to read. Region names come from
    `regions` (the package's regions.yaml by default)."""
    regions = regions if regions is not None else _default_regions()
    lines = [m.name]
    heading = f"Group: {GROUPS[m.group]}"
    if m.part_of:
        heading += f"; part of {m.part_of.replace('_', ' ')}"
    lines.append(heading)
    if m.aliases:
        lines.append(f"Also called: {', '.join(m.aliases)}")
    lines.append(f"Actions: {'; '.join(m.actions)}")

    lines += ["", "Trigger points"]
    for n, tp in enumerate(m.trigger_points, 1):
        lines.append(f"  {n}. {tp.name} [{tp.id}], {tp.prevalence.replace('_', ' ')}")
        lines.append(f"     Location: {tp.location}")
        lines.append(f"     Lies over: {_zone_text(ZoneRef(tp.site), regions)}")
        lines.append(
            f"     Essential zone: {'; '.join(_zone_text(z, regions) for z in tp.essential)}"
        )
        if tp.spillover:
            lines.append(
                f"     Spillover zone: {'; '.join(_zone_text(z, regions) for z in tp.spillover)}"
            )
        lines.append(f"     Prevalence basis: {tp.prevalence_basis}")
        if tp.symptoms:
            lines.append(f"     Symptoms: {'; '.join(tp.symptoms)}")
        if tp.movements:
            lines.append(
                f"     Painful or limited movements: {', '.join(mv.name for mv in tp.movements)}"
            )
        if tp.perpetuating_factors:
            lines.append(
                f"     Perpetuating factors: {', '.join(c.name for c in tp.perpetuating_factors)}"
            )
        if tp.notes:
            lines.append(f"     Notes: {tp.notes}")
        if tp.citations:
            lines.append(f"     Sources: {'; '.join(_cite_text(c) for c in tp.citations)}")

    nd = m.needling
    lines += ["", "Needling"]
    if nd.pneumothorax_risk:
        # Put the safety warning first so it cannot be missed when the card is skimmed.
        lines.append("  !! PNEUMOTHORAX RISK: needling this muscle can reach the pleura or lung.")
    lines.append(f"  Position: {nd.position}")
    lines.append(f"  Approach: {nd.approach}")
    if nd.needle_length_mm:
        low, high = nd.needle_length_mm
        lines.append(f"  Needle length: {_num(low)}-{_num(high)} mm")
    if nd.needle_gauge_mm:
        low, high = nd.needle_gauge_mm
        lines.append(f"  Needle gauge: {_num(low)}-{_num(high)} mm")
    if nd.depth:
        lines.append(f"  Depth: {nd.depth}")
    if nd.structures_at_risk:
        lines.append("  Structures at risk:")
        for s in nd.structures_at_risk:
            lines.append(f"    - {s.structure}: {s.note}" if s.note else f"    - {s.structure}")
    else:
        lines.append("  Structures at risk: none listed")
    lines.append(f"  Source: {_cite_text(nd.citation)}")

    if m.self_care:
        lines += ["", "Self-care"]
        for s in m.self_care:
            lines.append(f"  - {s.name} ({s.kind.replace('_', ' ')}): {s.how}")
            if s.dosage:
                lines.append(f"    Dosage: {s.dosage}")
            lines.append(f"    Source: {_cite_text(s.citation)}")

    lines += ["", "Sources"]
    for c in m.citations:
        where = f" ({c.where})" if c.where else ""
        lines.append(f"  - {c.source.key}{where}: {c.source.cite}")
    return "\n".join(lines) + "\n"
