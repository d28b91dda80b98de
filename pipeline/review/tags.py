"""Tags as the team sees them: the tagger's verdict with the reviewers' corrections applied on top."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm.attributes import flag_modified

from pipeline.models import ArticleTag, Correction


@dataclass
class EffectiveTag:
    relevant: bool | None  # None: not tagged and never judged
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    facilities: list[str] = field(default_factory=list)  # names


def facility_name(entry: Any) -> str:
    if isinstance(entry, dict):
        return str(entry.get("name") or entry.get("id") or "")
    return str(entry)


def reason_text(entry: Any) -> str:
    if isinstance(entry, dict):
        return "; ".join(f"{k}: {v}" for k, v in entry.items())
    if isinstance(entry, list | tuple):
        return " ".join(str(part) for part in entry)
    return str(entry)


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def _apply_one(tag: EffectiveTag, corr: Correction) -> None:
    if corr.field == "relevant":
        tag.relevant = corr.value.strip().lower() in {"1", "true", "yes"}
        return
    values = tag.states if corr.field == "state" else tag.facilities
    value = corr.value.strip().upper() if corr.field == "state" else corr.value.strip()
    kept = [v for v in values if not _same(v, value)]
    if corr.action == "add":
        kept.append(value)
    values[:] = kept


def effective_tag(tag: ArticleTag | None, corrections: Iterable[Correction]) -> EffectiveTag:
    """The tagger's result (or nothing) with ``corrections`` applied in the order they were made."""
    if tag is None:
        eff = EffectiveTag(relevant=None)
    else:
        eff = EffectiveTag(
            relevant=tag.relevant,
            score=tag.score,
            reasons=[reason_text(r) for r in tag.reasons or []],
            states=[str(s) for s in tag.states or []],
            facilities=[facility_name(f) for f in tag.facilities or []],
        )
    for corr in sorted(corrections, key=lambda c: (c.at, c.id or 0)):
        _apply_one(eff, corr)
    return eff


def reapply_to_stored(tag: ArticleTag | None, corrections: Sequence[Correction]) -> None:
    """Write corrections into the stored tag too, so every reader (digest, coverage) sees them at once.

    Uses the tagger's own ``apply_corrections`` when it is installed; the read-side ``effective_tag`` stays the
    source of truth for the review app either way.
    """
    if tag is None:
        return
    try:
        from pipeline.tagging.service import apply_corrections
    except ImportError:
        _fallback_apply(tag, corrections)
        return
    apply_corrections(tag, list(corrections))
    for name in ("states", "facilities", "relevant"):
        flag_modified(tag, name)


def _fallback_apply(tag: ArticleTag, corrections: Sequence[Correction]) -> None:
    for corr in sorted(corrections, key=lambda c: (c.at, c.id or 0)):
        if corr.field == "relevant":
            tag.relevant = corr.value.strip().lower() in {"1", "true", "yes"}
        elif corr.field == "state":
            code = corr.value.strip().upper()
            states = [s for s in tag.states or [] if s != code]
            tag.states = states + [code] if corr.action == "add" else states
        elif corr.field == "facility":
            kept = [f for f in tag.facilities or [] if not _same(facility_name(f), corr.value)]
            entry = {"id": corr.value.strip(), "name": corr.value.strip(), "state": None}
            tag.facilities = kept + [entry] if corr.action == "add" else kept
