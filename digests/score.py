"""The ranking score of top stories: stated here, documented in docs/readme/digest.md.

    score = 0.35 · relevance + 0.25 · outlet_reach + 0.15 · state_reach + 0.15 · mainstream + 0.10 · novelty

- relevance: the best tagger score among the story's articles, clipped to 0…1;
- outlet_reach: log2(1 + outlets) / log2(1 + 10), capped at 1 (10 outlets or more count fully);
- state_reach: states / 5, capped at 1;
- mainstream: the heaviest outlet kind among its outlets (mainstream 1, wire 0.8, local 0.6, movement 0.3);
- novelty: 1 if the story carries a breakthrough, else the share of its states with no coverage in the 7 days before.

Reviewer pins come before any score; ties go to the earlier story, then the lower id.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

WEIGHTS = {"relevance": 0.35, "outlet_reach": 0.25, "state_reach": 0.15, "mainstream": 0.15, "novelty": 0.10}
KIND_WEIGHT = {"mainstream": 1.0, "wire": 0.8, "local": 0.6, "movement": 0.3}
FULL_REACH_OUTLETS = 10
FULL_REACH_STATES = 5


@dataclass(frozen=True)
class Signals:
    relevance: float
    outlets: int
    states: frozenset[str]
    kinds: frozenset[str]
    breakthrough: bool


def mainstream_weight(kinds: Iterable[str]) -> float:
    return max((KIND_WEIGHT.get(k, 0.0) for k in kinds), default=0.0)


def novelty(states: frozenset[str], recently_covered: frozenset[str], breakthrough: bool) -> float:
    if breakthrough:
        return 1.0
    if not states:
        return 0.0
    return len(states - recently_covered) / len(states)


def story_score(s: Signals, recently_covered: frozenset[str]) -> float:
    parts = {
        "relevance": min(1.0, max(0.0, s.relevance)),
        "outlet_reach": min(1.0, math.log2(1 + s.outlets) / math.log2(1 + FULL_REACH_OUTLETS)),
        "state_reach": min(1.0, len(s.states) / FULL_REACH_STATES),
        "mainstream": mainstream_weight(s.kinds),
        "novelty": novelty(s.states, recently_covered, s.breakthrough),
    }
    return round(sum(WEIGHTS[k] * v for k, v in parts.items()), 4)
