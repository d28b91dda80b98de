"""Tags as the team sees them: the tagger's verdict with the reviewers' corrections applied on top (through the
tagging area's own ``apply_corrections``, so the app and re-tagging agree)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm.attributes import flag_modified

from pipeline.models import ArticleTag, Correction
from pipeline.tagging.corrections import apply_corrections


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


@dataclass
class _Untagged:
    relevant: bool = False
    states: list[Any] = field(default_factory=list)
    facilities: list[Any] = field(default_factory=list)


def _ordered(corrections: Iterable[Correction]) -> list[Correction]:
    return sorted(corrections, key=lambda c: (c.at, c.id or 0))


def effective_tag(tag: ArticleTag | None, corrections: Iterable[Correction]) -> EffectiveTag:
    """The tagger's result (or nothing) with ``corrections`` applied in the order they were made, exactly as the
    tagger applies them after every (re-)tagging."""
    ordered = _ordered(corrections)
    base = tag if tag is not None else _Untagged()
    corrected = apply_corrections(base, ordered)
    judged = tag is not None or any(c.field == "relevant" for c in ordered)
    return EffectiveTag(
        relevant=corrected.relevant if judged else None,
        score=tag.score if tag is not None else 0.0,
        reasons=[reason_text(r) for r in (tag.reasons if tag is not None else []) or []],
        states=[str(s) for s in corrected.states],
        facilities=[facility_name(f) for f in corrected.facilities],
    )


def reapply_to_stored(tag: ArticleTag | None, corrections: Sequence[Correction]) -> None:
    """Write the corrections into the stored tag too, so every reader (digest, coverage) sees them at once.

    The stored tag already holds earlier corrections; applying them all again is idempotent.
    """
    if tag is None:
        return
    corrected = apply_corrections(tag, _ordered(corrections))
    tag.relevant, tag.states, tag.facilities = corrected.relevant, corrected.states, corrected.facilities
    for name in ("states", "facilities"):
        flag_modified(tag, name)
