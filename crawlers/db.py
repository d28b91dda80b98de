"""The crawl's database access: one engine and session factory per crawler, built at start, disposed at the end.

Spiders and item pipelines are entry points in the architecture's sense; they share this one object.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.crawler import Crawler
from sqlalchemy.orm import Session, sessionmaker

from pipeline.crawlstate import FeedTarget, feed_by_url
from pipeline.db import ensure_current, make_engine, session_factory

_BY_CRAWLER: WeakKeyDictionary[Crawler, CrawlDatabase] = WeakKeyDictionary()


class CrawlDatabase:
    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        ensure_current(self.engine)
        self.sessions: sessionmaker[Session] = session_factory(self.engine)
        self._sources: dict[str, FeedTarget | None] = {}

    @classmethod
    def of(cls, crawler: Crawler) -> CrawlDatabase:
        """The crawler's database (created on first use from the ``STRIKEWATCH_DATABASE_URL`` setting)."""
        db = _BY_CRAWLER.get(crawler)
        if db is None:
            db = cls(crawler.settings.get("STRIKEWATCH_DATABASE_URL"))
            _BY_CRAWLER[crawler] = db
            crawler.signals.connect(db.close, signal=signals.engine_stopped)
        return db

    def source(self, url: str) -> FeedTarget | None:
        """The stored source (feed) with this URL, cached for the crawl."""
        if url not in self._sources:
            with self.sessions() as session:
                self._sources[url] = feed_by_url(session, url)
        return self._sources[url]

    def close(self) -> None:
        self.engine.dispose()
