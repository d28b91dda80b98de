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
SEEN_BATCH = 200  # dropped pages remembered per transaction; a crash forgets at most this many (fetched again)


class NotStrikeCoverage(DropItem):
    """An article without any strike vocabulary: counted, not stored."""

    def __init__(self, message: str) -> None:
        super().__init__(message, log_level="DEBUG")


class PrefilterPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._seen: list[tuple[str, str]] = []  # (page URL, source URL) waiting to be remembered

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

    def close_spider(self, spider: object = None) -> None:
        self._flush()

    def _remember(self, item: ArticleItem) -> None:
        if not item.from_page:
            return  # only the feed's own summary was judged: the page may say more next time
        self._seen.append((item.url, item.source_url))
        if len(self._seen) >= SEEN_BATCH:
            self._flush()

    def _flush(self) -> None:
        """Remember the dropped pages in one transaction (one per page cost a third of the crawl's time)."""
        if not self._seen:
            return
        db = CrawlDatabase.of(self.crawler)
        with db.sessions() as session, session.begin():
            for url, source_url in self._seen:
                source = db.source(source_url)
                remember_seen(session, url, source.id if source else None, SEEN_REASON)
        self._seen.clear()
