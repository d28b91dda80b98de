"""The page spider: one article page a person asked for (``strikewatch crawl --url URL [--outlet NAME]``).

It goes through the same guard, limits, extraction and item pipelines as every crawl, is stored with
``found_by="review"`` under the URL as given, and is never dropped by the pre-filter. A page that cannot be fetched
or has no article text is reported as a failed source in the crawl summary (and the command exits non-zero).

    scrapy crawl page -a url=URL [-a outlet=NAME]
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Request, Response, TextResponse
from twisted.python.failure import Failure

from crawlers.failures import describe
from crawlers.items import ArticleItem, SourceResult
from pipeline.extract import decode_html, extract_page

PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"


class PageSpider(scrapy.Spider):
    name = "page"
    # One page while a reviewer waits (the review app gives up after 90 s): one quick retry, no politeness delay.
    custom_settings = {"DOWNLOAD_TIMEOUT": 20, "RETRY_TIMES": 1, "RETRY_AFTER_MAX": 10, "DOWNLOAD_DELAY": 0,
                       "AUTOTHROTTLE_ENABLED": False}

    def __init__(self, url: str = "", outlet: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.url = url
        self.outlet = outlet or None

    async def start(self) -> AsyncIterator[Any]:
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("strikewatch/sources_total", 1)
        yield Request(self.url, headers={"Accept": PAGE_ACCEPT}, callback=self.parse_page, errback=self.page_failed,
                      dont_filter=True)

    def parse_page(self, response: Response) -> Iterator[Any]:
        page = None
        if isinstance(response, TextResponse):
            content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
            page = extract_page(decode_html(response.body, content_type), response.url)
        if page is None:
            yield SourceResult(self.url, ok=False, status=response.status, error="no article text found on the page")
            return
        yield ArticleItem(url=self.url, source_url="", title=page.title, text=page.text, published=page.published,
                          date_source="page" if page.published else None, author=page.author,
                          language=page.language, summary=page.description, found_by="review", outlet=self.outlet,
                          keep=True)
        yield SourceResult(self.url, ok=True, status=response.status, entries=1, new_entries=1)

    def page_failed(self, failure: Failure) -> Iterator[SourceResult]:
        status, message = describe(failure, self.settings.getfloat("DOWNLOAD_TIMEOUT"))
        yield SourceResult(self.url, ok=False, status=status, error=message)
