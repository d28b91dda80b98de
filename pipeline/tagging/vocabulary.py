"""The relevance and place vocabularies (package data ``data/vocabulary.toml`` and ``data/places.toml``)."""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import Any

DATA_FILES = ("vocabulary.toml", "places.toml", "facilities.csv")


def _read(name: str) -> str:
    return resources.files("pipeline.tagging").joinpath(f"data/{name}").read_text("utf-8")


def term_regex(terms: list[str] | tuple[str, ...], ignore_case: bool = True) -> re.Pattern[str]:
    """One regex for a list of terms on word boundaries; ``*`` at a word's end matches any word ending."""
    parts = []
    for term in sorted(terms, key=len, reverse=True):
        words = [re.escape(w).replace(r"\*", r"[\w'-]*") for w in term.split()]
        parts.append(r"[\s-]+".join(words))
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])", flags)


@dataclass(frozen=True)
class Vocabulary:
    threshold: float
    actions: dict[str, float]
    action_re: re.Pattern[str]
    subject_re: re.Pattern[str]
    negative_re: re.Pattern[str]
    people_re: re.Pattern[str]
    groups: dict[str, float]
    group_re: re.Pattern[str]
    foreign_re: re.Pattern[str]
    us_re: re.Pattern[str]
    action_stems: tuple[str, ...]
    subject_stems: tuple[str, ...]
    raw: dict[str, Any]

    def action_weight(self, surface: str) -> float:
        """The weight of the vocabulary term that matched ``surface`` (remembered per surface)."""
        known = self._weights.get(surface)
        if known is None:
            known = self._weights[surface] = next(
                (weight for pattern, weight in self._action_patterns if pattern.fullmatch(surface)), 0.0)
        return known

    @cached_property
    def _action_patterns(self) -> list[tuple[re.Pattern[str], float]]:
        """Each action term's regex, longest term first (compiled once, not per match)."""
        terms = sorted(self.actions.items(), key=lambda kv: -len(kv[0]))
        return [(term_regex([term]), weight) for term, weight in terms]

    @cached_property
    def _weights(self) -> dict[str, float]:
        return {}


def parse_vocabulary(text: str) -> Vocabulary:
    raw = tomllib.loads(text)
    actions = {k: float(v) for k, v in raw["actions"].items()}
    groups = {k: float(v) for k, v in raw.get("groups", {}).items()}
    foreign = raw.get("foreign", {})
    return Vocabulary(
        threshold=float(raw.get("threshold", 2.0)),
        actions=actions,
        action_re=term_regex(list(actions)),
        subject_re=term_regex(raw["subjects"]["terms"]),
        negative_re=term_regex(raw.get("negative_actors", {}).get("terms", ["-nothing-"])),
        people_re=term_regex(raw["subjects"].get("people", ["-nothing-"])),
        groups=groups,
        group_re=term_regex(list(groups) or ["-nothing-"], ignore_case=False),
        foreign_re=term_regex(foreign.get("terms", ["-nothing-"]), ignore_case=False),
        us_re=term_regex(foreign.get("us", ["-nothing-"]), ignore_case=False),
        action_stems=tuple(raw["prefilter"]["action_stems"]),
        subject_stems=tuple(raw["prefilter"]["subject_stems"]),
        raw=raw,
    )


@cache
def vocabulary() -> Vocabulary:
    return parse_vocabulary(_read("vocabulary.toml"))


@cache
def places() -> dict[str, Any]:
    return tomllib.loads(_read("places.toml"))


@cache
def data_fingerprint() -> str:
    """A short hash of the vocabulary and gazetteer files: part of the tagger version."""
    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update(_read(name).encode("utf-8"))
    return digest.hexdigest()[:8]
