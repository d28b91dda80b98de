"""Reading an RSS/Atom body with feedparser: the entries, or a clear reason why it is not a usable feed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin
from xml.sax import SAXParseException

import feedparser

from pipeline.canonical import is_http_url
from pipeline.errors import FetchError
from pipeline.extract import Extracted, extract_entry

MAX_ENTRIES = 10_000
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html|<head|<body)", re.I | re.S)


@dataclass(frozen=True)
class FeedEntry:
    link: str
    data: Extracted


@dataclass
class ParsedFeed:
    title: str = ""
    entries: list[FeedEntry] = field(default_factory=list)
    note: str | None = None  # set when the feed was malformed but still had entries ("bozo")


def _describe(exc: object) -> str:
    if isinstance(exc, SAXParseException):
        return f"XML error at line {exc.getLineNumber()}, column {exc.getColumnNumber()}: {exc.getMessage()}"
    text = str(exc).strip() or type(exc).__name__
    return text[0].lower() + text[1:] if text else text


def _fatal(exc: object) -> bool:
    """An XML error, not one of feedparser's notes (wrong charset declared, odd content type)."""
    return exc is not None and not isinstance(exc, feedparser.ThingsNobodyCaresAboutButMe)


def _links(entry: dict[str, object], base_url: str) -> str | None:
    link = str(entry.get("link") or "").strip()
    if not link:
        link = str(entry.get("id") or "").strip()
    link = urljoin(base_url, link) if link else ""
    return link if is_http_url(link) else None


def parse_feed(body: bytes, base_url: str, content_type: str | None = None) -> ParsedFeed:
    """Entries of an RSS/Atom ``body``; raises ``FetchError`` with a readable message when it is not a feed."""
    if not body.strip():
        raise FetchError("empty response body (no feed)")
    headers = {"content-location": base_url, "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=True, resolve_relative_uris=True)
    feed_language = parsed.feed.get("language")
    entries = []
    for raw in parsed.entries[:MAX_ENTRIES]:
        link = _links(raw, base_url)
        if link is not None:
            entries.append(FeedEntry(link, extract_entry(raw, feed_language)))
    if not entries and (not parsed.get("version") or _fatal(parsed.get("bozo_exception"))):
        if _HTML_START.match(body[:2048]) or (content_type or "").startswith("text/html"):
            raise FetchError("got an HTML page instead of an RSS/Atom feed")
        if parsed.get("bozo"):
            raise FetchError(f"not a valid RSS/Atom feed: {_describe(parsed.get('bozo_exception'))}")
        raise FetchError("not an RSS/Atom feed")
    note = None
    if parsed.get("bozo"):
        note = f"malformed feed, {len(entries)} entries kept: {_describe(parsed.get('bozo_exception'))}"
    return ParsedFeed(title=str(parsed.feed.get("title") or ""), entries=entries, note=note)
