"""Feed discovery: given an outlet's homepage, find its RSS/Atom feeds and sitemaps.

Looks at ``<link rel="alternate">`` in the page, then common paths (/feed/, /rss.xml, /atom.xml, /index.xml …),
and ``Sitemap:`` lines of robots.txt. Every candidate is fetched and must parse as a feed (or sitemap) to count.
Fetching is small and bounded: a timeout, a size cap, at most 5 redirects, and the address guard on every hop.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html
import urllib3
from lxml.etree import ParserError

from pipeline.errors import FetchError
from pipeline.feedparse import parse_feed
from pipeline.netguard import NetGuard

COMMON_PATHS = ("/feed/", "/rss.xml", "/atom.xml", "/index.xml", "/feed.xml", "/rss/", "/feeds/posts/default")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+xml", "application/xml", "text/xml")
MAX_BYTES = 2 * 1024 * 1024
MAX_REDIRECTS = 5
_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.I | re.M)


@dataclass(frozen=True)
class Found:
    url: str
    kind: str  # feed | sitemap
    title: str = ""
    entries: int = 0


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    content_type: str
    body: bytes


Fetcher = Callable[[str], Fetched]


def make_fetcher(guard: NetGuard, user_agent: str, timeout: float = 10.0) -> Fetcher:
    """A GET that follows redirects itself, checking each hop with ``guard``; bodies capped at ``MAX_BYTES``."""
    pool = urllib3.PoolManager(timeout=urllib3.Timeout(connect=timeout, read=timeout), retries=False)

    def fetch(url: str) -> Fetched:
        for _ in range(MAX_REDIRECTS + 1):
            guard.check_url(url)
            try:
                resp = pool.request("GET", url, headers={"User-Agent": user_agent}, redirect=False,
                                    preload_content=False)
            except urllib3.exceptions.HTTPError as exc:
                raise FetchError(f"cannot fetch {url}: {exc}") from exc
            try:
                if resp.status in (301, 302, 303, 307, 308) and resp.headers.get("Location"):
                    url = urljoin(url, resp.headers["Location"])
                    resp.close()  # the redirect's body is not read, so its connection is not reused
                    continue
                return Fetched(url, resp.status, resp.headers.get("Content-Type", ""), _read_capped(resp))
            finally:
                resp.release_conn()
        raise FetchError(f"too many redirects from {url}")

    return fetch


def _read_capped(resp: urllib3.BaseHTTPResponse) -> bytes:
    chunks, size = [], 0
    for chunk in resp.stream(64 * 1024, decode_content=True):
        size += len(chunk)
        if size > MAX_BYTES:
            raise FetchError(f"{resp.geturl()} is larger than {MAX_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def alternate_links(html: bytes, base_url: str) -> list[str]:
    """Feed URLs the page announces with ``<link rel="alternate" type="application/rss+xml|atom+xml">``."""
    try:
        root = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return []
    urls = []
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" in rel and kind in FEED_TYPES and link.get("href"):
            urls.append(urljoin(base_url, link.get("href").strip()))
    return list(dict.fromkeys(urls))


def _as_feed(fetch: Fetcher, url: str) -> Found | None:
    try:
        got = fetch(url)
        if got.status != 200:
            return None
        parsed = parse_feed(got.body, got.url, got.content_type)
    except FetchError:
        return None
    return Found(got.url, "feed", parsed.title, len(parsed.entries))


def _sitemaps(fetch: Fetcher, root: str) -> list[Found]:
    try:
        got = fetch(urljoin(root, "/robots.txt"))
    except FetchError:
        return []
    if got.status != 200:
        return []
    text = got.body.decode("utf-8", "replace")
    return [Found(urljoin(root, u), "sitemap") for u in dict.fromkeys(_SITEMAP_LINE.findall(text))]


def discover(homepage: str, fetch: Fetcher) -> tuple[str, list[Found]]:
    """(the page's title, the feeds and sitemaps found) for an outlet's homepage."""
    page = fetch(homepage)
    if page.status != 200:
        raise FetchError(f"{homepage} answered HTTP {page.status}")
    title = _page_title(page.body)
    root = f"{urlsplit(page.url).scheme}://{urlsplit(page.url).netloc}/"
    candidates = alternate_links(page.body, page.url)
    if not candidates:
        candidates = [urljoin(root, path) for path in COMMON_PATHS]
    found: dict[str, Found] = {}
    for url in candidates:
        feed = _as_feed(fetch, url)
        if feed is not None:
            found.setdefault(feed.url, feed)
    for sitemap in _sitemaps(fetch, root):
        found.setdefault(sitemap.url, sitemap)
    return title, list(found.values())


def _page_title(html: bytes) -> str:
    try:
        return (lxml.html.fromstring(html).findtext(".//title") or "").strip()
    except (ParserError, ValueError):
        return ""
