"""Site source rules: defaults, classification of links, and clear errors for bad rules."""

from __future__ import annotations

import pytest

from pipeline.crawlrules import DEFAULT_MAX_DEPTH, parse_rules, rules_from_json
from pipeline.errors import InputError

HOME = "https://paper.example/news/"


def test_defaults_start_at_the_source_and_follow_no_sections() -> None:
    rules = parse_rules(HOME, None)
    assert rules.sections == (HOME,) and rules.max_depth == DEFAULT_MAX_DEPTH and rules.hosts == {"paper.example"}
    assert rules.classify("https://paper.example/2024/05/02/strike") == "article"
    assert rules.classify("https://paper.example/news/inmates-stop-work-at-unit-nine.html") == "article"
    assert rules.classify("https://paper.example/news/page/2") is None  # sections only when allowed
    assert rules.classify("https://paper.example/about") is None


def test_configured_rules() -> None:
    rules = parse_rules(HOME, {"sections": [HOME, "https://paper.example/metro/"], "article": [r"/story/\d+"],
                               "allow": [r"/page/\d+"], "deny": ["/story/9"], "max_depth": 2, "max_age_days": 3})
    assert rules.classify("https://paper.example/story/12") == "article"
    assert rules.classify("https://paper.example/story/9") is None
    assert rules.classify("https://paper.example/news/page/3") == "section"
    assert (rules.max_depth, rules.max_age_days, len(rules.sections)) == (2, 3.0, 2)


@pytest.mark.parametrize(("raw", "message"), [
    ({"article": ["(unclosed"]}, "bad regular expression"),
    ({"max_depth": 99}, "'max_depth' must be a number from 0 to 5"),
    ({"max_depth": True}, "'max_depth'"),
    ({"sections": ["ftp://x"]}, "http(s) URLs"),
    ({"follow": []}, "unknown key(s) follow"),
    ({"allow": [3]}, "list of regular expressions"),
])
def test_bad_rules_are_refused_with_the_reason(raw: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_rules(HOME, raw)


def test_rules_from_json() -> None:
    assert rules_from_json(HOME, '{"max_depth": 0}') == {"max_depth": 0}
    with pytest.raises(InputError, match="not valid JSON"):
        rules_from_json(HOME, "{max_depth: 0}")
    with pytest.raises(InputError, match="JSON object"):
        rules_from_json(HOME, "[1]")
