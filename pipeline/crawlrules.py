"""Link rules of a site source (``Feed.rules`` of a source of kind ``site``), parsed and checked. Framework-free.

All keys are optional::

    {"sections": ["https://paper.example/news/"],   # start pages (default: the source's own URL)
     "article": ["/20\\d\\d/\\d\\d/"],              # regexes an article URL matches (default: DEFAULT_ARTICLE)
     "allow": ["/news/page/\\d+"],                   # regexes of further section pages to follow (default: none)
     "deny": ["/tag/", "/author/"],                  # regexes of URLs never followed
     "max_depth": 1,                                  # section hops from a start page
     "max_age_days": 7,                               # articles older than this (by the page's date) are not kept
     "max_pages": 200}                                # article pages fetched per source and crawl
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pipeline.canonical import is_http_url
from pipeline.errors import InputError

# A dated path (/2024/05/…) or a slug of four or more words: how most news sites name their articles.
DEFAULT_ARTICLE = r"/20\d\d/\d\d?/|/[a-z0-9]+(?:-[a-z0-9]+){3,}(?:\.html?|/)?$"
DEFAULT_MAX_DEPTH = 1
DEFAULT_MAX_AGE_DAYS = 7.0
DEFAULT_MAX_PAGES = 200
KEYS = {"sections", "article", "allow", "deny", "max_depth", "max_age_days", "max_pages"}


@dataclass(frozen=True)
class SiteRules:
    sections: tuple[str, ...]
    article: tuple[re.Pattern[str], ...]
    allow: tuple[re.Pattern[str], ...]
    deny: tuple[re.Pattern[str], ...]
    max_depth: int = DEFAULT_MAX_DEPTH
    max_age_days: float = DEFAULT_MAX_AGE_DAYS
    max_pages: int = DEFAULT_MAX_PAGES

    @property
    def hosts(self) -> set[str]:
        """Links are followed on the start pages' hosts only."""
        return {urlsplit(u).hostname or "" for u in self.sections}

    def classify(self, url: str) -> str | None:
        """``"article"``, ``"section"`` (a further section page to follow) or None (not followed)."""
        if any(p.search(url) for p in self.deny):
            return None
        if any(p.search(url) for p in self.article):
            return "article"
        if any(p.search(url) for p in self.allow):
            return "section"
        return None


def _patterns(raw: dict[str, Any], key: str, default: list[str]) -> tuple[re.Pattern[str], ...]:
    value = raw.get(key, default)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"site rules: {key!r} must be a list of regular expressions")
    try:
        return tuple(re.compile(v) for v in value)
    except re.error as exc:
        raise InputError(f"site rules: bad regular expression in {key!r}: {exc}") from exc


def _number(raw: dict[str, Any], key: str, default: float, low: float, high: float) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise InputError(f"site rules: {key!r} must be a number from {low:g} to {high:g}, not {value!r}")
    return float(value)


def parse_rules(url: str, raw: dict[str, Any] | None) -> SiteRules:
    """The rules of the site source at ``url``; raises ``InputError`` naming what is wrong."""
    raw = dict(raw or {})
    unknown = set(raw) - KEYS
    if unknown:
        raise InputError(f"site rules: unknown key(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(KEYS))})")
    sections = raw.get("sections") or [url]
    if isinstance(sections, str):
        sections = [sections]
    if not isinstance(sections, list) or not all(isinstance(s, str) and is_http_url(s) for s in sections):
        raise InputError("site rules: 'sections' must be a list of http(s) URLs")
    return SiteRules(
        sections=tuple(sections),
        article=_patterns(raw, "article", [DEFAULT_ARTICLE]),
        allow=_patterns(raw, "allow", []),
        deny=_patterns(raw, "deny", []),
        max_depth=int(_number(raw, "max_depth", DEFAULT_MAX_DEPTH, 0, 5)),
        max_age_days=_number(raw, "max_age_days", DEFAULT_MAX_AGE_DAYS, 0, 3650),
        max_pages=int(_number(raw, "max_pages", DEFAULT_MAX_PAGES, 1, 10_000)),
    )


def rules_from_json(url: str, text: str) -> dict[str, Any]:
    """Rules given as JSON text (``strikewatch sources add --rules``), checked; returns the plain dict to store."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"site rules are not valid JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise InputError("site rules must be a JSON object")
    parse_rules(url, raw)
    return raw
