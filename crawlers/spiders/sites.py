"""The site spider: follows an outlet's section pages by the link rules of its source, to a depth and an age.

Sources are feeds of kind ``site``; their rules (``Feed.rules``, see ``pipeline/crawlrules.py``) name the start
section pages, which links are articles, which are further section pages (followed up to ``max_depth`` hops), and
how old an article may be (``max_age_days``, by the page's date; older pages are not stored and not fetched
again). Articles already stored, or seen and not kept, are not fetched. A source's result (its health) is
recorded once all its pages are done; it failed only if none of its start pages could be read.

    scrapy crawl sites                              # every enabled source of kind site
    scrapy crawl sites -a feeds="URL URL"           # only these stored site sources
    scrapy crawl sites -a due=1                     # only those whose next check has come
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Request, Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from twisted.python.failure import Failure

from crawlers.db import CrawlDatabase
from crawlers.failures import describe
from crawlers.items import ArticleItem, FetchNote, SourceResult
from pipeline.canonical import canonicalize_url
from pipeline.crawlrules import SiteRules, parse_rules
from pipeline.crawlstate import FeedTarget, feeds_to_crawl, known_urls, remember_seen
from pipeline.errors import InputError
from pipeline.extract import Extracted, decode_html, extract_page
from pipeline.models import Feed, utcnow

PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
TOO_OLD = "too old"


@dataclass
class _Site:
    """One site source during the crawl: its rules and the requests still out."""

    target: FeedTarget
    rules: SiteRules
    extractor: LinkExtractor
    pending: int = 0
    start_ok: int = 0
    start_errors: list[tuple[str, str, int | None]] = field(default_factory=list)  # (url, message, status)
    found: int = 0
    new: int = 0
    done: bool = False


class SitesSpider(scrapy.Spider):
    name = "sites"
    db: CrawlDatabase

    def __init__(self, feeds: str | None = None, due: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.only = feeds.split() if feeds else None
        self.due = due not in (None, "", "0")
        self._requested: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SitesSpider:
        spider: SitesSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.db = CrawlDatabase.of(crawler)
        return spider

    # --- sources ------------------------------------------------------------------------------------------

    def sites(self) -> list[_Site | SourceResult]:
        """Each due site source with its rules, or the failure of a source whose rules are broken."""
        out: list[_Site | SourceResult] = []
        with self.db.sessions() as session:
            for target in feeds_to_crawl(session, self.only, kind="site", due_at=utcnow() if self.due else None):
                feed = session.get(Feed, target.id)
                try:
                    rules = parse_rules(target.url, feed.rules if feed else None)
                except InputError as exc:
                    out.append(SourceResult(target.url, ok=False, error=str(exc)))
                    continue
                deny = [p.pattern for p in rules.deny]
                out.append(_Site(target, rules, LinkExtractor(deny=deny)))
        return out

    async def start(self) -> AsyncIterator[Any]:
        sites = self.sites()
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("strikewatch/sources_total", len(sites))
        for site in sites:
            if isinstance(site, SourceResult):
                yield site
                continue
            for url in site.rules.sections:
                yield self.section_request(url, site, 0)

    # --- section pages ------------------------------------------------------------------------------------

    def section_request(self, url: str, site: _Site, depth: int) -> Request:
        site.pending += 1
        self._requested.add(canonicalize_url(url))
        return Request(url, headers={"Accept": PAGE_ACCEPT}, callback=self.parse_section, errback=self.section_failed,
                       cb_kwargs={"site": site, "depth": depth}, dont_filter=True)

    def parse_section(self, response: Response, site: _Site, depth: int) -> Iterator[Any]:
        site.pending -= 1
        site.start_ok += depth == 0
        if isinstance(response, TextResponse):
            articles, sections = self._links(response, site)
            site.found += len(articles)
            yield from self.article_requests(articles, site)
            if depth < site.rules.max_depth:
                yield from (self.section_request(url, site, depth + 1) for url in sections)
        else:
            yield FetchNote(site.target.url, response.url, "section page is not HTML", response.status)
        yield from self._finish(site)

    def _links(self, response: TextResponse, site: _Site) -> tuple[list[str], list[str]]:
        """Article links and not yet requested section links on a section page, in page order."""
        articles: list[str] = []
        sections: list[str] = []
        hosts = site.rules.hosts  # not LinkExtractor's allow_domains, which compares host and port together
        for link in site.extractor.extract_links(response):
            kind = site.rules.classify(link.url) if urlsplit(link.url).hostname in hosts else None
            if kind == "article":
                articles.append(link.url)
            elif kind == "section" and canonicalize_url(link.url) not in self._requested:
                self._requested.add(canonicalize_url(link.url))
                sections.append(link.url)
        return articles, sections

    def section_failed(self, failure: Failure) -> Iterator[Any]:
        kwargs = failure.request.cb_kwargs  # type: ignore[attr-defined]
        site: _Site = kwargs["site"]
        site.pending -= 1
        status, message = describe(failure, self.settings.getfloat("DOWNLOAD_TIMEOUT"))
        url = failure.request.url  # type: ignore[attr-defined]
        if kwargs["depth"] == 0:
            site.start_errors.append((url, message, status))
        else:
            yield FetchNote(site.target.url, url, f"section page failed ({message})", status, kind="page_error")
        yield from self._finish(site)

    # --- article pages ------------------------------------------------------------------------------------

    def article_requests(self, urls: list[str], site: _Site) -> Iterator[Request]:
        fresh = {}
        for url in urls:
            key = canonicalize_url(url)
            if key not in self._requested and key not in fresh:
                fresh[key] = url
        with self.db.sessions() as session:
            known = {canonicalize_url(u) for u in known_urls(session, fresh.values())}
        for key, url in fresh.items():
            if key in known or site.new >= site.rules.max_pages:
                continue
            self._requested.add(key)
            site.new += 1
            site.pending += 1
            yield Request(url, headers={"Accept": PAGE_ACCEPT}, callback=self.parse_article,
                          errback=self.article_failed, cb_kwargs={"site": site}, dont_filter=True)

    def parse_article(self, response: Response, site: _Site) -> Iterator[Any]:
        site.pending -= 1
        page = None
        if isinstance(response, TextResponse):
            content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
            page = extract_page(decode_html(response.body, content_type), response.url)
        if page is None:
            yield FetchNote(site.target.url, response.url, "no article text found on the page", response.status,
                            kind="no_text")
        elif self._too_old(page, site):
            self._remember_old(response.url, site)
        else:
            yield ArticleItem(url=response.url, source_url=site.target.url, title=page.title, text=page.text,
                              published=page.published, date_source="page" if page.published else None,
                              author=page.author, language=page.language, summary=page.description,
                              found_by=self.name)
        yield from self._finish(site)

    def article_failed(self, failure: Failure) -> Iterator[Any]:
        site: _Site = failure.request.cb_kwargs["site"]  # type: ignore[attr-defined]
        site.pending -= 1
        status, message = describe(failure, self.settings.getfloat("DOWNLOAD_TIMEOUT"))
        yield FetchNote(site.target.url, failure.request.url,  # type: ignore[attr-defined]
                        f"article page failed ({message})", status, kind="page_error")
        yield from self._finish(site)

    def _too_old(self, page: Extracted, site: _Site) -> bool:
        oldest = utcnow() - timedelta(days=site.rules.max_age_days)
        return page.published is not None and page.published < oldest

    def _remember_old(self, url: str, site: _Site) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("strikewatch/articles_too_old")
        with self.db.sessions() as session, session.begin():
            remember_seen(session, url, site.target.id, TOO_OLD)

    # --- the source's result ------------------------------------------------------------------------------

    def _finish(self, site: _Site) -> Iterator[Any]:
        """Once no request of the site is out: its result, saved last (so a crawl killed midway redoes it)."""
        if site.pending > 0 or site.done:
            return
        site.done = True
        url = site.target.url
        if site.start_ok == 0:
            errors = site.start_errors
            error = errors[0][1] if len(errors) == 1 else "; ".join(f"{page}: {message}" for page, message, _ in errors)
            status = errors[0][2] if len(errors) == 1 else None
            yield SourceResult(url, ok=False, status=status, error=error or "no section page could be read")
            return
        for page, message, status in site.start_errors:
            yield FetchNote(url, page, f"section page failed ({message})", status, kind="page_error")
        yield SourceResult(url, ok=True, status=200, entries=site.found, new_entries=site.new)
