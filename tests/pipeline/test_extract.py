"""Extraction from fixture pages and feed entries (pipeline/extract.py, pipeline/feedparse.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.errors import FetchError
from pipeline.extract import Extracted, decode_html, extract_page, fragment_text, merge, page_date
from pipeline.feedparse import parse_feed
from tests.conftest import FIXTURES

CRAWL = FIXTURES / "crawl"


def _page(name: str) -> str:
    data = (CRAWL / "articles" / name).read_bytes()
    return decode_html(data, "text/html")


def test_extract_page_text_and_metadata() -> None:
    page = extract_page(_page("smith-state-strike.html"), "http://example.org/a")
    assert page is not None
    assert page.title == "Work stoppage spreads at Smith State Prison"
    assert page.text.startswith("By Dana Whitfield") or page.text.startswith("Men held at Smith State Prison")
    assert "Glennville" in page.text and "Privacy policy" not in page.text and "Subscribe" not in page.text
    assert page.author == "Dana Whitfield" and page.language == "en"
    assert page.published == datetime(2024, 5, 13, 12, tzinfo=UTC)


def test_extract_page_without_article_text() -> None:
    assert extract_page("", "http://example.org/") is None
    assert extract_page("<html><body><nav><a href='/'>Home</a></nav></body></html>", "http://example.org/") is None


def test_decode_misdeclared_legacy_page() -> None:
    raw = (CRAWL / "articles" / "latin1.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = decode_html(raw, "text/html; charset=utf-8")
    assert "María Peña" in text and "\ufffd" not in text
    assert decode_html("Peña".encode(), "text/html; charset=iso-8859-1") == "Peña"  # really UTF-8
    assert decode_html("Peña".encode("latin-1"), "text/html; charset=iso-8859-1") == "Peña"


def test_page_date_full_timestamp_or_day() -> None:
    assert page_date(_page("no-date-in-feed.html")) == datetime(2024, 5, 14, 13, 30, tzinfo=UTC)
    assert page_date("<html><body><p>Posted on 2024-03-03</p></body></html>") == datetime(2024, 3, 3, 12, tzinfo=UTC)
    assert page_date("<html><body><p>no date</p></body></html>") is None


def test_fragment_text_keeps_paragraphs() -> None:
    assert fragment_text("<p>One &amp; two.</p><p>Three</p>") == "One & two.\n\nThree"
    assert fragment_text("plain  words ") == "plain words"


def test_merge_prefers_feed_date_and_page_text() -> None:
    entry = Extracted(title="T", text="short", published=datetime(2024, 5, 1, tzinfo=UTC))
    page = Extracted(title="Page T", text="long page text " * 30, published=datetime(2024, 4, 30, tzinfo=UTC))
    merged = merge(entry, page)
    assert (merged.data.title, merged.data.published, merged.date_source) == ("T", entry.published, "feed")
    assert merged.data.text == page.text and merged.from_page
    future = merge(Extracted(text="x", published=datetime(2099, 1, 1, tzinfo=UTC)), page)
    assert (future.data.published, future.date_source) == (page.published, "page")
    fallback = merge(Extracted(text="feed body"), None)
    assert (fallback.data.text, fallback.date_source, fallback.from_page) == ("feed body", None, False)


def test_parse_feed_entries_and_relative_links() -> None:
    feed = parse_feed((CRAWL / "feeds" / "good.rss").read_bytes(), "http://news.example/feeds/good.rss")
    assert feed.title == "Piedmont Ledger: Prisons" and feed.note is None
    assert [e.link for e in feed.entries][:2] == [
        "http://news.example/articles/smith-state-strike.html",
        "http://news.example/articles/hunger-strike-tacoma.html?utm_source=rss&utm_medium=feed",
    ]
    first = feed.entries[0].data
    assert first.author == "Dana Whitfield" and first.language == "en"
    assert first.published == datetime(2024, 5, 13, 12, tzinfo=UTC)
    assert feed.entries[2].data.published is None


@pytest.mark.parametrize(
    ("name", "message"),
    [("invalid.xml", "not a valid RSS/Atom feed: XML error at line 2"),
     ("html-instead.xml", "got an HTML page instead"),
     ("empty.xml", "empty response body")],
)
def test_parse_feed_rejects_non_feeds(name: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        parse_feed((CRAWL / "feeds" / name).read_bytes(), "http://news.example/f", "application/xml")


def test_parse_feed_keeps_entries_of_malformed_feed() -> None:
    feed = parse_feed((CRAWL / "feeds" / "bozo.rss").read_bytes(), "http://news.example/f", "application/rss+xml")
    assert len(feed.entries) == 1 and feed.note is not None and "malformed feed" in feed.note


def test_huge_page_is_cut_to_budget_after_dropping_scripts() -> None:
    from pipeline.extract import MAX_EXTRACT_CHARS, _within_budget, extract_page

    body = ("<p>Men held at Smith State Prison refused work assignments for a third day on Wednesday, "
            "relatives said, demanding air conditioning and working phones.</p>") * 6
    script = "<script>var x = '" + "a" * (MAX_EXTRACT_CHARS + 10) + "';</script>"
    html = f"<html><head><title>Strike</title>{script}</head><body><article>{body}</article></body></html>"
    assert len(_within_budget(html)) < len(body) + 200  # the script went, the article stayed
    page = extract_page(html, "https://news.example/strike")
    assert page is not None and "Smith State Prison" in page.text
    filler = "<div>" + "x " * MAX_EXTRACT_CHARS + "</div>"
    assert len(_within_budget(filler)) == MAX_EXTRACT_CHARS
