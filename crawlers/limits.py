"""Limits for the real web: retries with backoff that respect ``Retry-After``, and the crawl's size limits.

``BackoffRetryMiddleware`` replaces Scrapy's ``RetryMiddleware`` (same settings, same place in the chain). Before
a retry it waits ``RETRY_BACKOFF_BASE * 2**n`` seconds (at most ``RETRY_BACKOFF_MAX``), or as long as the
server's ``Retry-After`` asks. When the server asks for longer than ``RETRY_AFTER_MAX`` the request is not retried
in this run: the response goes to the spider as the failure it is, and the source's schedule backs off instead.

Size limits are Scrapy's own: ``DOWNLOAD_MAXSIZE`` caps a body, and ``HttpCompressionMiddleware`` applies the same
cap while decompressing (a gzip bomb is abandoned once it passes the cap); both are set in ``settings.py``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.asyncio import sleep
from scrapy.utils.response import response_status_message

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

RETRY_AFTER_META = "retry_after"

def parse_retry_after(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date); ``None`` if absent/garbled."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_delay(retries_done: int, base: float, cap: float) -> float:
    """Exponential backoff: ``base``, ``2*base``, ``4*base`` … at most ``cap``."""
    return min(cap, base * (2 ** max(0, retries_done)))


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, with a pause before each retry: exponential backoff, or the server's ``Retry-After``."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 120.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        o = cls(crawler.settings)
        o.crawler = crawler
        return o

    def _stat(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        wait = parse_retry_after(response.headers.get(b"Retry-After"))
        if wait is not None:
            request.meta[RETRY_AFTER_META] = wait
            if wait > self.retry_after_max:
                self._stat("retry/retry_after_too_long")
                return response
        retries_done = request.meta.get("retry_times", 0)
        max_times = request.meta.get("max_retry_times", self.max_retry_times)
        if retries_done >= max_times:
            return self._retry(request, response_status_message(response.status)) or response
        await self._pause(wait, retries_done)
        return self._retry(request, response_status_message(response.status)) or response

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider: Any = None
    ) -> Request | Response | None:
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        retries_done = request.meta.get("retry_times", 0)
        if retries_done < request.meta.get("max_retry_times", self.max_retry_times):
            await self._pause(None, retries_done)
        return self._retry(request, exception)

    async def _pause(self, retry_after: float | None, retries_done: int) -> None:
        delay = retry_after if retry_after is not None else backoff_delay(
            retries_done, self.backoff_base, self.backoff_max)
        if delay > 0:
            self._stat("retry/backoff_waits")
            await sleep(delay)
