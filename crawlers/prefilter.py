"""The keyword pre-filter at crawl time: only articles that could be strike coverage are stored in full.

The rest are counted (``strikewatch/articles_filtered`` in the stats, ``articles_filtered`` in the crawl summary)
and not kept; their URLs are remembered (``seen_urls``) so later crawls do not fetch them again. The test is
``pipeline.tagging.prefilter.could_be_relevant`` — the tagger's own vocabulary, which never drops what the tagger
would keep. Pages a person asked for (``ArticleItem.keep``, ``strikewatch crawl --url``) always pass.
``STRIKEWATCH_PREFILTER = False`` stores everything.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from crawlers.db import CrawlDatabase
from crawlers.items import ArticleItem
from pipeline.crawlstate import remember_seen
from pipeline.tagging.prefilter import could_be_relevant

SEEN_REASON = "not strike news"


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
        if isinstance(item, ArticleItem) and not item.keep and not could_be_relevant(item.title, item.text):
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("strikewatch/articles_filtered")
            self._remember(item)
            raise NotStrikeCoverage(f"no strike vocabulary, not stored: {item.url}")
        return item

    def _remember(self, item: ArticleItem) -> None:
        if not item.from_page:
            return  # only the feed's own summary was judged: the page may say more next time
        db = CrawlDatabase.of(self.crawler)
        source = db.source(item.source_url)
        with db.sessions() as session, session.begin():
            remember_seen(session, item.url, source.id if source else None, SEEN_REASON)
