"""The sitemap spider: Google News sitemaps, plain sitemaps, sitemap indexes and robots.txt ``Sitemap:`` lines.

Sources are feeds of kind ``sitemap`` (``strikewatch sources discover --add`` adds them). Only URLs newer than
``rules.max_age_days`` (default 7; by ``news:publication_date``, else ``lastmod``; undated ones are kept) and not
stored yet are fetched.

    scrapy crawl sitemaps                           # every enabled source of kind sitemap
    scrapy crawl sitemaps -a feeds="URL URL"        # only these stored sitemap sources
    scrapy crawl sitemaps -a due=1                  # only those whose next check has come
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Request, Response, TextResponse
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.python.failure import Failure

from crawlers.db import CrawlDatabase
from crawlers.failures import describe
from crawlers.items import ArticleItem, SourceResult
from pipeline.crawlstate import FeedTarget, feeds_to_crawl, known_urls
from pipeline.extract import decode_html, extract_page, parse_when
from pipeline.models import utcnow

MAX_DEPTH = 3  # robots.txt → index → sitemap
DEFAULT_MAX_AGE_DAYS = 7


class SitemapsSpider(scrapy.Spider):
    name = "sitemaps"
    db: CrawlDatabase

    def __init__(self, feeds: str | None = None, due: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.only = feeds.split() if feeds else None
        self.due = due not in (None, "", "0")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SitemapsSpider:
        spider: SitemapsSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.db = CrawlDatabase.of(crawler)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        with self.db.sessions() as session:
            targets = feeds_to_crawl(session, self.only, kind="sitemap", due_at=utcnow() if self.due else None)
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("strikewatch/sources_total", len(targets))
        for target in targets:
            yield self.sitemap_request(target.url, target, 0)

    def sitemap_request(self, url: str, target: FeedTarget, depth: int) -> Request:
        return Request(url, callback=self.parse_sitemap, errback=self.sitemap_failed, dont_filter=True,
                       cb_kwargs={"target": target, "depth": depth})

    def parse_sitemap(self, response: Response, target: FeedTarget, depth: int) -> Iterator[Any]:
        if response.url.endswith("/robots.txt") and isinstance(response, TextResponse):
            children = list(sitemap_urls_from_robots(response.text, base_url=response.url))
            yield from (self.sitemap_request(u, target, depth + 1) for u in children[:50])
            if depth == 0:
                yield SourceResult(target.url, ok=True, status=response.status, entries=len(children))
            return
        try:
            sitemap = Sitemap(response.body)
        except Exception as exc:  # lxml raises several kinds on garbage
            yield SourceResult(target.url, ok=False, status=response.status, error=f"not a sitemap: {exc}")
            return
        entries = list(sitemap)
        if sitemap.type == "sitemapindex":
            if depth < MAX_DEPTH:
                yield from (self.sitemap_request(e["loc"], target, depth + 1) for e in entries if e.get("loc"))
        elif sitemap.type == "urlset":
            yield from self.page_requests(entries, target)
        else:
            yield SourceResult(target.url, ok=False, status=response.status, error="not a sitemap (no urlset)")
            return
        if depth == 0:
            yield SourceResult(target.url, ok=True, status=response.status, entries=len(entries))

    def page_requests(self, entries: list[dict[str, Any]], target: FeedTarget) -> Iterator[Request]:
        max_age = timedelta(days=float((target_rules(self, target)).get("max_age_days", DEFAULT_MAX_AGE_DAYS)))
        oldest = utcnow() - max_age
        fresh = []
        for entry in entries:
            when = parse_when(_entry_date(entry))
            if entry.get("loc") and (when is None or when >= oldest):
                fresh.append(entry["loc"])
        with self.db.sessions() as session:
            known = known_urls(session, fresh)
        for url in fresh:
            if url not in known:
                yield Request(url, callback=self.parse_article, cb_kwargs={"target": target})

    def parse_article(self, response: Response, target: FeedTarget) -> Iterator[ArticleItem]:
        if not isinstance(response, TextResponse):
            return
        page = extract_page(decode_html(response.body, (response.headers.get("Content-Type") or b"").decode("latin-1")),
                            response.url)
        if page is not None:
            yield ArticleItem(url=response.url, source_url=target.url, title=page.title, text=page.text,
                              published=page.published, date_source="page" if page.published else None,
                              author=page.author, language=page.language, summary=page.description,
                              found_by=self.name)

    def sitemap_failed(self, failure: Failure) -> Iterator[SourceResult]:
        kwargs = failure.request.cb_kwargs  # type: ignore[attr-defined]
        status, message = describe(failure, self.settings.getfloat("DOWNLOAD_TIMEOUT"))
        if kwargs["depth"] == 0:
            yield SourceResult(kwargs["target"].url, ok=False, status=status, error=message)


def _entry_date(entry: dict[str, Any]) -> str | None:
    news = entry.get("news")
    if isinstance(news, dict) and news.get("publication_date"):
        return str(news["publication_date"])
    return entry.get("publication_date") or entry.get("lastmod")


def target_rules(spider: SitemapsSpider, target: FeedTarget) -> dict[str, Any]:
    """The source's ``Feed.rules`` (e.g. ``{"max_age_days": 3}``)."""
    from pipeline.models import Feed

    with spider.db.sessions() as session:
        feed = session.get(Feed, target.id)
        return dict(feed.rules or {}) if feed is not None else {}
