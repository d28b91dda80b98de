"""Quality gate: scores on our own labelled passages must not fall below the floors pinned in floors.json.
Raising a floor is a deliberate commit."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.tagging.evaluate import evaluate
from pipeline.tagging.tagger import Tagger

HERE = Path(__file__).parent


def test_scores_stay_above_the_pinned_floors(tagger: Tagger) -> None:
    floors = json.loads((HERE / "floors.json").read_text())
    report = evaluate(HERE / "fixtures" / "passages.jsonl", tagger)
    scores = report.as_dict()
    low = {k: scores[k]["f1"] for k, floor in floors.items() if scores[k]["f1"] < floor}
    details = [(p.id, p.misses, p.false_alarms) for p in report.passages]
    assert not low, f"F1 below floor: {low}; errors: {details}"
