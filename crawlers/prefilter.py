"""The keyword pre-filter at crawl time: only articles that could be strike coverage are stored in full.

The rest are counted (``strikewatch/articles_filtered`` in the stats, ``articles_filtered`` in the crawl summary)
and not kept. The test is ``pipeline.tagging.prefilter.could_be_relevant`` — the tagger's own vocabulary, which
never drops what the tagger would keep. ``STRIKEWATCH_PREFILTER = False`` stores everything.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from crawlers.items import ArticleItem
from pipeline.tagging.prefilter import could_be_relevant


class NotStrikeCoverage(DropItem):
    """An article without any strike vocabulary: counted, not stored."""

    def __init__(self, message: str) -> None:
        super().__init__(message, log_level="DEBUG")


class PrefilterPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrefilterPipeline:
        if not crawler.settings.getbool("STRIKEWATCH_PREFILTER", True):
            raise NotConfigured("STRIKEWATCH_PREFILTER is off")
        return cls(crawler)

    def process_item(self, item: Any, spider: object = None) -> Any:
        if isinstance(item, ArticleItem) and not could_be_relevant(item.title, item.text):
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("strikewatch/articles_filtered")
            raise NotStrikeCoverage(f"no strike vocabulary, not stored: {item.url}")
        return item
