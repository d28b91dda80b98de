"""The RSS/Atom spider: conditional GET of each feed, then the pages of its new entries.

    scrapy crawl feeds                              # every enabled feed in the database
    scrapy crawl feeds -a sources=list.opml         # the feeds of an OPML file (added to the database first)
    scrapy crawl feeds -a feeds="URL URL"           # only these stored feeds
    scrapy crawl feeds -a due=1                     # only feeds whose next check has come
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Request, Response, TextResponse
from scrapy.utils.asyncio import run_in_thread
from twisted.python.failure import Failure

from crawlers.db import CrawlDatabase
from crawlers.failures import describe
from crawlers.items import ArticleItem, FetchNote, SourceResult
from pipeline.canonical import canonicalize_url
from pipeline.crawlstate import FeedTarget, feeds_to_crawl, known_urls
from pipeline.errors import FetchError
from pipeline.extract import decode_html, extract_page, merge
from pipeline.feedparse import FeedEntry, parse_feed
from pipeline.health import entries_fingerprint, same_content
from pipeline.models import utcnow
from pipeline.sources import add_source, read_opml

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"


@dataclass
class _Pending:
    """A feed whose result waits until its new entries' pages are done, so its validators are saved last."""

    result: SourceResult
    left: int


class FeedsSpider(scrapy.Spider):
    name = "feeds"
    db: CrawlDatabase

    def __init__(self, sources: str | None = None, feeds: str | None = None, due: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sources_file = Path(sources) if sources else None
        self.only = feeds.split() if feeds else None
        self.due = due not in (None, "", "0")
        self._pending: dict[str, _Pending] = {}
        self._requested: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> FeedsSpider:
        spider: FeedsSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.db = CrawlDatabase.of(crawler)
        return spider

    # --- feeds --------------------------------------------------------------------------------------------

    def targets(self) -> list[FeedTarget]:
        urls = self.only
        with self.db.sessions() as session, session.begin():
            if self.sources_file is not None:
                specs = read_opml(self.sources_file)
                for spec in specs:
                    add_source(session, spec)
                urls = [url for spec in specs for url in spec.feeds]
            return feeds_to_crawl(session, urls, due_at=utcnow() if self.due else None)

    async def start(self) -> AsyncIterator[Any]:
        targets = self.targets()
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("strikewatch/sources_total", len(targets))
        for target in targets:
            yield self.feed_request(target)

    def feed_request(self, target: FeedTarget) -> Request:
        headers = {"Accept": FEED_ACCEPT}
        if target.etag:
            headers["If-None-Match"] = target.etag
        if target.last_modified:
            headers["If-Modified-Since"] = target.last_modified
        return Request(target.url, headers=headers, callback=self.parse_feed, errback=self.feed_failed,
                       cb_kwargs={"target": target}, meta={"handle_httpstatus_list": [304]}, dont_filter=True)

    async def parse_feed(self, response: Response, target: FeedTarget) -> AsyncIterator[Any]:
        if response.status == 304:
            yield SourceResult(target.url, ok=True, status=304)
            return
        content_type = _header(response, "Content-Type")
        try:  # in a thread: a feed of 10,000 entries takes seconds to parse and must not stall the crawl
            parsed = await run_in_thread(parse_feed, response.body, response.url, content_type)
        except FetchError as exc:
            yield SourceResult(target.url, ok=False, status=response.status, error=str(exc))
            return
        fingerprint = entries_fingerprint((e.link, e.data.title) for e in parsed.entries)
        if self._unchanged(target, fingerprint):  # the server's ETag/Last-Modified lied: same entries as last time
            yield SourceResult(target.url, ok=True, status=304, entries=len(parsed.entries))
            return
        if parsed.note:
            yield FetchNote(target.url, response.url, parsed.note, response.status, kind="malformed_feed")
        new = self._new_entries(parsed.entries)
        result = SourceResult(target.url, ok=True, status=response.status, etag=_header(response, "ETag"),
                              last_modified=_header(response, "Last-Modified"), entries=len(parsed.entries),
                              new_entries=len(new), content_hash=fingerprint)
        if not new or self.settings.getbool("STRIKEWATCH_DISTRIBUTED"):
            # Distributed, other processes may fetch this feed's pages: the feed's result is saved now, and the
            # pages wait in the shared Redis queue, which a crawl killed midway resumes.
            yield result
            if not new:
                return
        else:
            self._pending[target.url] = _Pending(result, len(new))
        for entry in new:
            yield Request(entry.link, headers={"Accept": PAGE_ACCEPT}, callback=self.parse_article,
                          errback=self.article_failed, cb_kwargs={"target": target, "entry": entry}, dont_filter=True)

    def feed_failed(self, failure: Failure) -> Iterator[Any]:
        target: FeedTarget = failure.request.cb_kwargs["target"]  # type: ignore[attr-defined]
        status, message = describe(failure, self.settings.getfloat("DOWNLOAD_TIMEOUT"))
        self.logger.info("feed %s failed: %s", target.url, message)
        yield SourceResult(target.url, ok=False, status=status, error=message)

    def _unchanged(self, target: FeedTarget, fingerprint: str) -> bool:
        with self.db.sessions() as session:
            return same_content(session, target.id, fingerprint)

    def _new_entries(self, entries: list[FeedEntry]) -> list[FeedEntry]:
        """Entries whose canonical URL is not stored, not seen and dropped before, nor requested in this crawl."""
        fresh: dict[str, FeedEntry] = {}
        for entry in entries:
            key = canonicalize_url(entry.link)
            if key not in self._requested and key not in fresh:
                fresh[key] = entry
        with self.db.sessions() as session:
            known = {canonicalize_url(u) for u in known_urls(session, [e.link for e in fresh.values()])}
        new = [entry for key, entry in fresh.items() if key not in known]
        self._requested.update(fresh)
        return new

    # --- article pages ------------------------------------------------------------------------------------

    def parse_article(self, response: Response, target: FeedTarget, entry: FeedEntry) -> Iterator[Any]:
        page = None
        if isinstance(response, TextResponse):
            html = decode_html(response.body, _header(response, "Content-Type"))
            page = extract_page(html, response.url)
        if page is None:
            yield FetchNote(target.url, response.url, "no article text found on the page; used the feed's content",
                            response.status, kind="no_text")
        yield self.article(response.url, target, entry, page)
        yield from self._done(target)

    def article_failed(self, failure: Failure) -> Iterator[Any]:
        target: FeedTarget = failure.request.cb_kwargs["target"]  # type: ignore[attr-defined]
        entry: FeedEntry = failure.request.cb_kwargs["entry"]  # type: ignore[attr-defined]
        status, message = describe(failure, self.settings.getfloat("DOWNLOAD_TIMEOUT"))
        yield FetchNote(target.url, entry.link, f"article page failed ({message}); used the feed's content",
                        status, kind="page_error")
        yield self.article(entry.link, target, entry, None)
        yield from self._done(target)

    def article(self, url: str, target: FeedTarget, entry: FeedEntry, page: Any) -> ArticleItem:
        merged = merge(entry.data, page)
        data = merged.data
        return ArticleItem(url=url, source_url=target.url, title=data.title, text=data.text,
                           published=data.published, date_source=merged.date_source, author=data.author,
                           language=data.language, summary=data.description, from_page=merged.from_page,
                           found_by=self.name)

    def _done(self, target: FeedTarget) -> Iterator[SourceResult]:
        pending = self._pending.get(target.url)
        if pending is None:
            return
        pending.left -= 1
        if pending.left <= 0:
            del self._pending[target.url]
            yield pending.result


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
