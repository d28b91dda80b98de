"""Feed health and the fetch log: what a crawl learned about each source. Framework-free; takes a Session."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.canonical import canonicalize_url
from pipeline.db import insert_or_skip
from pipeline.models import Article, Feed, FetchLog, Outlet, SeenUrl, utcnow

MAX_BACKOFF = timedelta(hours=24)
MAX_ERROR_CHARS = 2000


@dataclass(frozen=True)
class FeedTarget:
    """A snapshot of a feed to crawl: what a spider needs, detached from the session."""

    id: int
    url: str
    outlet_id: int
    etag: str | None = None
    last_modified: str | None = None


def _target(feed: Feed) -> FeedTarget:
    return FeedTarget(feed.id, feed.url, feed.outlet_id, feed.etag, feed.last_modified)


def feeds_to_crawl(
    session: Session, urls: Iterable[str] | None = None, kind: str = "feed", due_at: datetime | None = None
) -> list[FeedTarget]:
    """Enabled feeds of ``kind`` (all, or only those with the given URLs), oldest-checked first.

    With ``due_at``, only those whose next check has come by then (a failing source's backoff is its next check).
    """
    query = select(Feed).where(Feed.enabled.is_(True), Feed.kind == kind)
    if urls is not None:
        query = query.where(Feed.url.in_(list(urls)))
    if due_at is not None:
        query = query.where(Feed.next_check.is_(None) | (Feed.next_check <= due_at))
    query = query.order_by(Feed.last_checked.is_not(None), Feed.last_checked, Feed.id)
    return [_target(feed) for feed in session.scalars(query)]


def feed_by_url(session: Session, url: str) -> FeedTarget | None:
    feed = session.scalar(select(Feed).where(Feed.url == url))
    return None if feed is None else _target(feed)


def stored_urls(session: Session, urls: Iterable[str]) -> set[str]:
    """The subset of ``urls`` (compared by canonical URL) already stored as articles."""
    by_canonical = {canonicalize_url(u): u for u in urls}
    if not by_canonical:
        return set()
    found = session.scalars(select(Article.canonical_url).where(Article.canonical_url.in_(list(by_canonical))))
    return {by_canonical[c] for c in found}


def seen_urls(session: Session, urls: Iterable[str]) -> set[str]:
    """The subset of ``urls`` (compared by canonical URL) fetched before and not kept (``remember_seen``)."""
    by_canonical = {canonicalize_url(u): u for u in urls}
    if not by_canonical:
        return set()
    found = session.scalars(select(SeenUrl.canonical_url).where(SeenUrl.canonical_url.in_(list(by_canonical))))
    return {by_canonical[c] for c in found}


def known_urls(session: Session, urls: Iterable[str]) -> set[str]:
    """The subset of ``urls`` a crawl need not fetch: stored as articles, or seen and not kept."""
    urls = list(urls)
    return stored_urls(session, urls) | seen_urls(session, urls)


def remember_seen(session: Session, url: str, feed_id: int | None, reason: str, now: datetime | None = None) -> None:
    """Record a page fetched but not kept, so later crawls skip it; idempotent."""
    if feed_id is not None and _feed(session, feed_id) is None:
        feed_id = None
    session.execute(insert_or_skip(session, SeenUrl, "canonical_url").values(
        canonical_url=canonicalize_url(url), feed_id=feed_id, seen_at=now or utcnow(), reason=reason[:40]))


def outlet_for_url(session: Session, url: str) -> int | None:
    """The outlet whose homepage or a source is on the same host as ``url`` (for a page added by hand)."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    if not host:
        return None
    rows = session.execute(select(Outlet.id, Outlet.homepage).where(Outlet.homepage.is_not(None)).order_by(Outlet.id))
    rows_feeds = session.execute(select(Feed.outlet_id, Feed.url).order_by(Feed.id))
    for outlet_id, other in [*rows, *rows_feeds]:
        if (urlsplit(other).hostname or "").removeprefix("www.") == host:
            return int(outlet_id)
    return None


def _feed(session: Session, feed_id: int) -> Feed | None:
    return session.get(Feed, feed_id)


def record_success(
    session: Session,
    feed_id: int,
    status: int,
    etag: str | None = None,
    last_modified: str | None = None,
    now: datetime | None = None,
) -> None:
    """A fetch that worked (a 304 too): validators kept, failure streak reset, next check one interval on."""
    feed = _feed(session, feed_id)
    if feed is None:
        return
    now = now or utcnow()
    feed.last_status = status
    feed.last_checked = now
    feed.last_success = now
    feed.consecutive_failures = 0
    feed.last_error = None
    if status != 304:
        feed.etag = etag or None
        feed.last_modified = last_modified or None
    feed.next_check = now + timedelta(seconds=feed.poll_interval)


def backoff(poll_interval: int, failures: int) -> timedelta:
    """Wait after ``failures`` failures in a row: the interval doubled per failure, at most a day."""
    return min(timedelta(seconds=poll_interval) * (2 ** min(failures, 16)), MAX_BACKOFF)


def record_failure(
    session: Session, feed_id: int, url: str, message: str, status: int | None = None,
    kind: str = "error", now: datetime | None = None,
) -> None:
    """A fetch that failed: the error kept readable on the feed and in the fetch log, the streak raised."""
    now = now or utcnow()
    message = message[:MAX_ERROR_CHARS]
    feed = _feed(session, feed_id)
    if feed is not None:
        feed.last_status = status
        feed.last_checked = now
        feed.consecutive_failures = (feed.consecutive_failures or 0) + 1
        feed.last_error = message
        feed.next_check = now + backoff(feed.poll_interval, feed.consecutive_failures - 1)
    session.add(FetchLog(at=now, feed_id=feed_id if feed else None, url=url, status=status, kind=kind,
                         message=message))


def record_note(
    session: Session, feed_id: int | None, url: str, message: str, status: int | None = None,
    kind: str = "warning", now: datetime | None = None,
) -> None:
    """Something worth knowing that did not make the fetch fail (a malformed but usable feed, a dead page)."""
    if feed_id is not None and _feed(session, feed_id) is None:
        feed_id = None
    session.add(FetchLog(at=now or utcnow(), feed_id=feed_id, url=url, status=status, kind=kind,
                         message=message[:MAX_ERROR_CHARS]))
