"""The baseline of the crawl benchmark: a bare Scrapy spider that only fetches the feeds and the pages they link.

Same settings module as ``strikewatch crawl`` (``crawlers.settings``: concurrency, address guard, robots.txt,
politeness switched by ``STRIKEWATCH_POLITE``) but no item pipelines and none of our extensions.

    SCRAPY_SETTINGS_MODULE=crawlers.settings python -m bench.barespider FEEDS_FILE STATS_JSON
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Request, Response
from scrapy.utils.project import get_project_settings


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, feeds_file: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.feeds = Path(feeds_file).read_text().split()

    async def start(self) -> AsyncIterator[Any]:
        for url in self.feeds:
            yield Request(url, callback=self.parse_feed, dont_filter=True)

    def parse_feed(self, response: Response) -> Any:
        for link in response.xpath("//item/link/text()").getall():
            yield Request(link, callback=self.parse_page, dont_filter=True)

    def parse_page(self, response: Response) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("bare/pages")


def main(argv: list[str]) -> None:
    feeds_file, stats_file = argv
    settings = get_project_settings()
    settings.setdict({"ITEM_PIPELINES": {}, "EXTENSIONS": {}, "LOG_LEVEL": "WARNING"}, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, feeds_file=feeds_file)
    process.start()
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    Path(stats_file).write_text(json.dumps({"pages": stats.get("bare/pages", 0),
                                            "responses": stats.get("downloader/response_count", 0),
                                            "finish_reason": stats.get("finish_reason")}, default=str))


if __name__ == "__main__":
    main(sys.argv[1:])
