"""``strikewatch eval``: precision, recall and F1 of the tagger on labelled passages (JSON lines). No database.

States and facilities are micro-averaged over passages as sets. A predicted facility is right when the gold name
equals its canonical name or one of its aliases, ignoring case and punctuation.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.tagging.gazetteer import gazetteer
from pipeline.tagging.names import norm_name
from pipeline.tagging.tagger import Tagger, TagResult


@dataclass
class Passage:
    id: str
    title: str
    text: str
    relevant: bool
    states: set[str]
    facilities: set[str]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def scores(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


@dataclass
class PassageReport:
    id: str
    misses: dict[str, list[str]] = field(default_factory=dict)
    false_alarms: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class EvalReport:
    n: int
    counts: dict[str, Counts]
    passages: list[PassageReport]

    def as_dict(self) -> dict[str, Any]:
        return {"n": self.n, **{k: c.scores() for k, c in self.counts.items()}}


def read_passages(path: Path) -> list[Passage]:
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    out = []
    for no, line in enumerate(lines, 1):
        if line.strip():
            out.append(_passage(line, f"{path}:{no}"))
    return out


def _passage(line: str, where: str) -> Passage:
    try:
        row = json.loads(line)
        return Passage(str(row.get("id") or where), row.get("title") or "", row["text"] or "", bool(row["relevant"]),
                       set(row.get("states") or []), set(row.get("facilities") or []))
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{where}: not a passage with text and relevant ({exc})") from exc


def _facility_names(fac: dict[str, Any]) -> set[str]:
    names = {norm_name(fac["name"])}
    if fac.get("id"):
        names |= gazetteer().all_names(fac["id"])
    return names


def _match_facilities(predicted: list[dict[str, Any]], gold: set[str]) -> tuple[int, list[str], list[str]]:
    """(true positives, missed gold names, false-alarm predicted names), one gold name per prediction at most."""
    left = {norm_name(g): g for g in gold}
    false_alarms = []
    tp = 0
    for fac in predicted:
        hit = next((k for k in left if k in _facility_names(fac)), None)
        if hit is None:
            false_alarms.append(fac["name"])
        else:
            tp += 1
            del left[hit]
    return tp, sorted(left.values()), false_alarms


def score_passages(passages: Iterable[Passage], results: Iterable[TagResult]) -> EvalReport:
    counts = {"relevance": Counts(), "states": Counts(), "facilities": Counts()}
    reports = []
    n = 0
    for p, r in zip(passages, results, strict=True):
        n += 1
        rep = PassageReport(p.id)
        rel = counts["relevance"]
        rel.tp += p.relevant and r.relevant
        rel.fp += r.relevant and not p.relevant
        rel.fn += p.relevant and not r.relevant
        if p.relevant != r.relevant:
            (rep.misses if p.relevant else rep.false_alarms)["relevant"] = [f"score {r.score}: " + "; ".join(r.reasons)]
        pred = set(r.states)
        counts["states"].tp += len(pred & p.states)
        counts["states"].fp += len(pred - p.states)
        counts["states"].fn += len(p.states - pred)
        _note(rep, "states", sorted(p.states - pred), sorted(pred - p.states))
        tp, missed, extra = _match_facilities(r.facilities, p.facilities)
        counts["facilities"].tp += tp
        counts["facilities"].fp += len(extra)
        counts["facilities"].fn += len(missed)
        _note(rep, "facilities", missed, extra)
        if rep.misses or rep.false_alarms:
            reports.append(rep)
    return EvalReport(n, counts, reports)


def _note(rep: PassageReport, key: str, missed: list[str], extra: list[str]) -> None:
    if missed:
        rep.misses[key] = missed
    if extra:
        rep.false_alarms[key] = extra


def evaluate(path: Path, tagger: Tagger) -> EvalReport:
    passages = read_passages(path)
    results = list(tagger.tag_many((p.title, p.text) for p in passages))
    return score_passages(passages, results)
