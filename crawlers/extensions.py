"""The crawl report: a progress display on stderr while crawling, and a summary (JSON) at the end."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from scrapy import Spider, signals
from scrapy.crawler import Crawler

from crawlers.items import ArticleItem, SourceResult
from crawlers.pipelines import Duplicate
from crawlers.prefilter import NotStrikeCoverage


@dataclass
class CrawlSummary:
    sources_total: int = 0
    sources_checked: int = 0
    not_modified: int = 0
    failed: int = 0
    articles_new: int = 0
    articles_duplicate: int = 0
    articles_from_feed: int = 0  # stored with the feed's own content because the page failed
    articles_dropped: int = 0
    articles_filtered: int = 0  # no strike vocabulary: counted, not stored (crawlers/prefilter.py)
    articles_too_old: int = 0  # site pages older than the source's max_age_days: not stored
    failures: list[dict[str, Any]] = field(default_factory=list)
    finish_reason: str = ""


class CrawlReport:
    """Counts sources and articles from item signals; shows rich progress; writes ``STRIKEWATCH_SUMMARY_FILE``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.summary = CrawlSummary()
        self.path = crawler.settings.get("STRIKEWATCH_SUMMARY_FILE") or None
        show = crawler.settings.getbool("STRIKEWATCH_PROGRESS", True)
        self.progress = Progress(
            TextColumn("crawling"), BarColumn(), MofNCompleteColumn(), TextColumn("sources · {task.fields[new]} new"),
            TimeElapsedColumn(), console=Console(stderr=True), transient=True, disable=not show,
        )
        self.task = self.progress.add_task("crawl", total=None, new=0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlReport:
        ext = cls(crawler)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        self.progress.start()

    def item_scraped(self, item: Any, spider: Spider) -> None:
        s = self.summary
        if isinstance(item, SourceResult):
            s.sources_checked += 1
            s.not_modified += item.not_modified
            if not item.ok:
                s.failed += 1
                s.failures.append({"source": item.source_url, "status": item.status, "error": item.error})
        elif isinstance(item, ArticleItem):
            s.articles_new += 1
            s.articles_from_feed += not item.from_page
        self._update()

    def item_dropped(self, item: Any, spider: Spider, exception: BaseException) -> None:
        if isinstance(item, ArticleItem):
            if isinstance(exception, Duplicate):
                self.summary.articles_duplicate += 1
            elif isinstance(exception, NotStrikeCoverage):
                self.summary.articles_filtered += 1
            else:
                self.summary.articles_dropped += 1

    def _update(self) -> None:
        assert self.crawler.stats is not None
        total = self.crawler.stats.get_value("strikewatch/sources_total")
        self.progress.update(self.task, total=total, completed=self.summary.sources_checked,
                             new=self.summary.articles_new)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.progress.stop()
        assert self.crawler.stats is not None
        self.summary.sources_total = self.crawler.stats.get_value("strikewatch/sources_total", 0)
        self.summary.articles_too_old = self.crawler.stats.get_value("strikewatch/articles_too_old", 0)
        self.summary.finish_reason = reason
        spider.logger.info("crawl summary: %s", {k: v for k, v in asdict(self.summary).items() if k != "failures"})
        if self.path:
            Path(self.path).write_text(json.dumps(asdict(self.summary), indent=2) + "\n", "utf-8")
