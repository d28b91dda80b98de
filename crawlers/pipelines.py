"""Item pipelines: thin adapters, one concern each, calling the framework-free services in ``pipeline/``."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from sqlalchemy.orm import Session

from crawlers.db import CrawlDatabase
from crawlers.items import ArticleItem, FetchNote, SourceResult
from pipeline.crawlstate import outlet_for_url, record_failure, record_note, record_success
from pipeline.health import adapt_interval, remember_content
from pipeline.store import ArticleIn, get_or_create_outlet, make_summary, store_article


class Duplicate(DropItem):
    """An article that is stored already (same canonical URL, or same text at the same outlet)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, log_level="DEBUG")


class _DatabasePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db = CrawlDatabase.of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> _DatabasePipeline:
        return cls(crawler)

    def inc(self, key: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"strikewatch/{key}")


class RequireTextPipeline:
    """Drop articles with neither a title nor any text: nothing to tag."""

    def process_item(self, item: Any, spider: object = None) -> Any:
        if isinstance(item, ArticleItem) and not (item.text.strip() or item.title.strip()):
            raise DropItem(f"no title or text found for {item.url}", log_level="INFO")
        return item


class StoreArticlePipeline(_DatabasePipeline):
    """Store each article once (``pipeline.store.store_article``); duplicates are counted and dropped."""

    def process_item(self, item: Any, spider: object = None) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        source = self.db.source(item.source_url)
        article = ArticleIn(
            url=item.url, title=item.title, text=item.text, published=item.published, date_source=item.date_source,
            author=item.author, language=item.language, summary=make_summary(item.summary) if item.summary else None,
            outlet_id=source.outlet_id if source else None, feed_id=source.id if source else None,
            found_by=item.found_by,
        )
        with self.db.sessions() as session, session.begin():
            if source is None:
                article.outlet_id = _outlet_id(session, item)
            result = store_article(session, article)
        if not result.created:
            self.inc("articles_duplicate")
            raise Duplicate(f"already stored ({result.reason}): {item.url}")
        self.inc("articles_new")
        return item


def _outlet_id(session: Session, item: ArticleItem) -> int | None:
    """A page without a source: the outlet named for it, else the outlet on the same host, if any."""
    if item.outlet:
        return get_or_create_outlet(session, item.outlet).id
    return outlet_for_url(session, item.url)


class SourceHealthPipeline(_DatabasePipeline):
    """Record how fetching each source went (``pipeline.crawlstate``): health on the feed, errors in the log."""

    def process_item(self, item: Any, spider: object = None) -> Any:
        if isinstance(item, SourceResult):
            self._result(item)
        elif isinstance(item, FetchNote):
            self._note(item)
        return item

    def _result(self, item: SourceResult) -> None:
        source = self.db.source(item.source_url)
        if source is None:
            return
        with self.db.sessions() as session, session.begin():
            if item.ok:
                record_success(session, source.id, item.status or 200, item.etag, item.last_modified)
                adapt_interval(session, source.id, item.new_entries)
                remember_content(session, source.id, item.content_hash)
            else:
                record_failure(session, source.id, item.source_url, item.error or "unknown error", item.status)
        self.inc("sources_failed" if not item.ok else "sources_not_modified" if item.not_modified else "sources_ok")

    def _note(self, item: FetchNote) -> None:
        source = self.db.source(item.source_url)
        with self.db.sessions() as session, session.begin():
            record_note(session, source.id if source else None, item.url, item.message, item.status, item.kind)
        self.inc(f"notes/{item.kind}")
