"""The address guard in Scrapy: no request (nor redirect, nor robots.txt) goes to a refused address.

Two layers, both built on ``pipeline.netguard``:

* ``AddressGuardMiddleware`` (downloader middleware, before robots.txt) resolves each request's host and refuses
  it with ``AddressRefusedRequest`` (an ``IgnoreRequest``), whose message the spider's errback records against the
  source. Redirects are new requests, so every hop passes through it again.
* ``GuardedResolver`` (``DNS_RESOLVER``) checks the address Scrapy actually connects to, so a name that resolves
  to a public address for the check and to a private one for the connection (DNS rebinding) is still refused.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.asyncio import run_in_thread
from twisted.internet.error import DNSLookupError

from pipeline.errors import FetchError
from pipeline.netguard import AddressRefused, NetGuard

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from twisted.internet.defer import Deferred

SETTING = "STRIKEWATCH_ALLOWED_PRIVATE_NETWORKS"
CACHE_SECONDS = 300.0


class AddressRefusedRequest(IgnoreRequest):
    """A request refused by the address guard; ``str()`` is the message to record."""


def guard_from_settings(settings: BaseSettings) -> NetGuard:
    """The guard for a crawl: allowed networks from the Scrapy setting, else from strikewatch's own settings."""
    raw = settings.get(SETTING)
    if raw is None:
        from pipeline.config import load_settings

        allowed: Sequence[str] = load_settings().allowed_private_networks
    elif isinstance(raw, str):
        allowed = [part for part in raw.split(",") if part.strip()]
    else:
        allowed = list(raw)
    return NetGuard.from_strings(allowed)


class AddressGuardMiddleware:
    """Refuse requests to private, loopback, link-local and metadata addresses (checked after DNS resolution)."""

    def __init__(self, guard: NetGuard, crawler: Crawler | None = None) -> None:
        self.guard = guard
        self.crawler = crawler
        self._cache: dict[tuple[str, int], tuple[float, str | None]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        return cls(guard_from_settings(crawler.settings), crawler)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        refusal = await self._refusal(request.url)
        if refusal is not None:
            if self.crawler is not None and self.crawler.stats is not None:
                self.crawler.stats.inc_value("guard/refused")
            raise AddressRefusedRequest(refusal)

    async def _refusal(self, url: str) -> str | None:
        parts = urlsplit(url)
        key = (parts.hostname or "", parts.port or 0)
        cached = self._cache.get(key)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        try:
            await run_in_thread(self.guard.check_url, url)
            refusal = None
        except AddressRefused as exc:
            refusal = str(exc)
        except FetchError:
            return None  # unresolvable: let the download fail with Scrapy's own DNS error
        self._cache[key] = (time.monotonic() + CACHE_SECONDS, refusal)
        return refusal


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing names that resolve to a refused address at connection time."""

    guard: NetGuard

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> GuardedResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.guard = guard_from_settings(crawler.settings)
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:  # noqa: N802
        return super().getHostByName(name, timeout).addCallback(self._check, name)

    def _check(self, address: str, name: str) -> str:
        try:
            self.guard.check_address(address, name)
        except AddressRefused as exc:
            raise DNSLookupError(str(exc)) from exc
        return address
