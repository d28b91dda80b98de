"""Reviewers' corrections on top of the tagger's verdict. Pure: the review app reuses ``apply_corrections``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pipeline.tagging.gazetteer import gazetteer
from pipeline.tagging.names import norm_name

_TRUE = {"true", "1", "yes", "relevant"}


class TagLike(Protocol):
    relevant: bool
    states: list[Any]
    facilities: list[Any]


class CorrectionLike(Protocol):
    field: str  # state | facility | relevant
    action: str  # add | remove | set
    value: str


@dataclass
class Corrected:
    relevant: bool
    states: list[str]
    facilities: list[dict[str, Any]]
    applied: list[str] = field(default_factory=list)


def _facility(value: str) -> dict[str, Any]:
    fac = gazetteer().facilities.get(value.strip())
    if fac:
        return {"id": fac.id, "name": fac.name, "state": fac.state}
    return {"id": None, "name": value.strip(), "state": None}


def _same(fac: dict[str, Any], value: str) -> bool:
    return fac.get("id") == value.strip() or norm_name(fac.get("name") or "") == norm_name(value)


def _apply_one(out: Corrected, c: CorrectionLike) -> None:
    values = [v.strip() for v in c.value.replace(";", ",").split(",") if v.strip()] if c.action == "set" else [c.value]
    if c.field == "relevant":
        out.relevant = c.action == "add" or (c.action == "set" and c.value.strip().lower() in _TRUE)
    elif c.field == "state":
        codes = [v.strip().upper() for v in values]
        if c.action == "set":
            out.states = sorted(set(codes))
        elif c.action == "add":
            out.states = sorted(set(out.states) | set(codes))
        elif c.action == "remove":
            out.states = [s for s in out.states if s not in codes]
    elif c.field == "facility":
        if c.action == "remove":
            out.facilities = [f for f in out.facilities if not _same(f, c.value)]
            return
        new = [_facility(v) for v in values]
        kept = [] if c.action == "set" else [f for f in out.facilities if not any(_same(f, v) for v in values)]
        out.facilities = kept + new
        out.states = sorted(set(out.states) | {f["state"] for f in new if f["state"]})
    else:
        return
    out.applied.append(f"{c.field} {c.action} {c.value}")


def apply_corrections(tag: TagLike, corrections: Iterable[CorrectionLike]) -> Corrected:
    """The tag as corrected, in the order given (oldest first); the input is not changed."""
    out = Corrected(bool(tag.relevant), list(tag.states), [dict(f) for f in tag.facilities])
    for c in corrections:
        _apply_one(out, c)
    return out
