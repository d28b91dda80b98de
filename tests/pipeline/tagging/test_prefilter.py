from __future__ import annotations

import json
from pathlib import Path

from pipeline.tagging.prefilter import could_be_relevant
from pipeline.tagging.vocabulary import term_regex, vocabulary

FIXTURES = Path(__file__).parent / "fixtures" / "passages.jsonl"


def test_every_scorer_term_contains_a_prefilter_stem() -> None:
    vocab = vocabulary()
    for term in vocab.actions:
        assert any(s in term.lower().replace("*", "") for s in vocab.action_stems), term
    for term in vocab.raw["subjects"]["terms"]:
        assert any(s in term.lower().replace("*", "") for s in vocab.subject_stems), term


def test_prefilter_passes_every_relevant_fixture_and_drops_plain_news() -> None:
    rows = [json.loads(line) for line in FIXTURES.read_text().splitlines()]
    assert all(could_be_relevant(r["title"], r["text"]) for r in rows if r["relevant"])
    assert not could_be_relevant("City council", "The council approved the budget for parks on Tuesday.")


def test_term_regex_stars_and_word_boundaries() -> None:
    rx = term_regex(["protest*", "sit-in"])
    assert rx.search("they protested") and rx.search("a SIT-IN began")
    assert not term_regex(["strike"]).search("strikeout")
    assert not term_regex(["cell*"]).search("excellent")
