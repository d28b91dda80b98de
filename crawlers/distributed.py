"""Distributed crawling with scrapy-redis: several crawler processes (or machines) share one crawl.

``strikewatch crawl --distributed`` sets ``STRIKEWATCH_DISTRIBUTED=1``; ``crawlers/settings.py`` then applies
:func:`redis_settings`. Every process yields the same start requests; the shared duplicate filter in Redis lets
exactly one of them through, and the shared queue hands each request to one process. Our requests say
``dont_filter=True`` (feeds must be re-fetched every crawl), so :class:`SharedScheduler` consults the shared filter
for them too — except for retries, which must go through again.

Keys live under ``strikewatch:crawl:<crawl id>:``. A process registers itself in the crawl's worker set; each exits
once the shared queue has stayed empty for ``STRIKEWATCH_IDLE_SECONDS``; the last one out deletes the crawl's keys,
so the next crawl with the same id starts afresh. A crawl killed midway leaves its queue in Redis, and the next
crawl with the same id resumes it.
"""

from __future__ import annotations

import os
import socket
import time
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy_redis.scheduler import Scheduler

KEY_PREFIX = "strikewatch:crawl"
KEY_TTL = 2 * 24 * 3600  # keys of an abandoned crawl expire after two days


def redis_settings(redis_url: str, crawl_id: str, idle_seconds: float) -> dict[str, Any]:
    """Scrapy settings that switch the scheduler and duplicate filter to the shared Redis ones."""
    base = f"{KEY_PREFIX}:{crawl_id}"
    return {
        "REDIS_URL": redis_url,
        "SCHEDULER": "crawlers.distributed.SharedScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": f"{base}:%(spider)s:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{base}:%(spider)s:dupefilter",
        "SCHEDULER_PERSIST": True,  # one process closing must not flush the others' queue; see IdleExit
        "STRIKEWATCH_CRAWL_KEYS": base,
        "STRIKEWATCH_IDLE_SECONDS": idle_seconds,
    }


class SharedScheduler(Scheduler):
    """The scrapy-redis scheduler, with the shared duplicate filter applied to ``dont_filter`` requests too."""

    def enqueue_request(self, request: Request) -> bool:
        if "retry_times" not in request.meta and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis", spider=self.spider)
        self.queue.push(request)
        return True


class IdleExit:
    """Keeps a process alive while the shared queue has work or has been empty for less than the idle time."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.get("STRIKEWATCH_CRAWL_KEYS"):
            raise NotConfigured
        self.crawler = crawler
        self.base = settings.get("STRIKEWATCH_CRAWL_KEYS")
        self.idle_seconds = settings.getfloat("STRIKEWATCH_IDLE_SECONDS", 30.0)
        self.worker = f"{socket.gethostname()}:{os.getpid()}"
        self.idle_since: float | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IdleExit:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def _scheduler(self) -> Scheduler:
        """The open crawl's scrapy-redis scheduler (on the engine's private slot: ``engine.scheduler`` is 2.19+)."""
        engine = self.crawler.engine
        slot = engine._slot if engine is not None else None
        assert slot is not None, "the spider signals come only while the engine runs"
        assert isinstance(slot.scheduler, Scheduler), "STRIKEWATCH_CRAWL_KEYS without the shared scheduler"
        return slot.scheduler

    @property
    def _server(self) -> Any:
        return self._scheduler().server  # the Redis client scrapy-redis connected

    def _workers_key(self) -> str:
        return f"{self.base}:workers"

    def spider_opened(self, spider: Spider) -> None:
        self._server.sadd(self._workers_key(), self.worker)
        self._server.expire(self._workers_key(), KEY_TTL)

    def spider_idle(self, spider: Spider) -> None:
        if len(self._scheduler()):
            self.idle_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.idle_seconds:
            raise DontCloseSpider

    def spider_closed(self, spider: Spider) -> None:
        server = self._server
        server.srem(self._workers_key(), self.worker)
        if server.scard(self._workers_key()) == 0:
            for key in server.scan_iter(f"{self.base}:*"):
                server.delete(key)
        else:
            for key in server.scan_iter(f"{self.base}:*"):
                server.expire(key, KEY_TTL)
