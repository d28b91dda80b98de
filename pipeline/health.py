"""Per-source health and polite scheduling. Framework-free; functions take a Session.

* ``source_health`` — for ``strikewatch sources check``: last success, last error, failure streak, articles found
  in the last 7 days, and whether a working source went *quiet* (its daily count far below its own usual level:
  a dead feed and a news blackout look the same otherwise, so a person should look).
* ``adapt_interval`` — poll intervals follow how often a feed has new entries, within configured bounds (at most
  hourly by default); failing sources back off (``pipeline.crawlstate.backoff``) but are never dropped.
* ``entries_fingerprint`` / ``same_content`` — content dedupe for servers whose ETag or Last-Modified lies.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.models import Article, Feed, utcnow

MIN_INTERVAL = 3600  # seconds: at most hourly
MAX_INTERVAL = 24 * 3600
RECENT_DAYS = 7
BASELINE_DAYS = 28
QUIET_RATIO = 0.25  # quiet: recent daily count below a quarter of the usual one …
QUIET_MIN_EXPECTED = 3.0  # … when at least this many articles were expected in the recent window
GAP_SAMPLE = 20


@dataclass(frozen=True)
class Bounds:
    """Poll interval bounds in seconds."""

    low: int = MIN_INTERVAL
    high: int = MAX_INTERVAL


@dataclass(frozen=True)
class SourceHealth:
    feed_id: int
    url: str
    outlet: str
    kind: str
    enabled: bool
    last_success: datetime | None
    last_checked: datetime | None
    last_status: int | None
    last_error: str | None
    failures: int
    next_check: datetime | None
    poll_interval: int
    recent: int  # articles found in the last RECENT_DAYS days
    recent_per_day: float
    usual_per_day: float | None  # None: not enough history to say
    quiet: bool

    @property
    def status(self) -> str:
        if not self.enabled:
            return "disabled"
        if self.failures:
            return "failing"
        if self.last_checked is None:
            return "new"
        return "quiet" if self.quiet else "ok"


def is_quiet(recent_per_day: float, usual_per_day: float | None, recent_days: int = RECENT_DAYS) -> bool:
    """Far below the source's own usual level (and the usual level high enough for the silence to mean something)."""
    if usual_per_day is None or usual_per_day * recent_days < QUIET_MIN_EXPECTED:
        return False
    return recent_per_day < usual_per_day * QUIET_RATIO


def _counts(session: Session, since: datetime, until: datetime) -> dict[int, int]:
    """Articles per feed found (fetched) in ``[since, until)``."""
    rows = session.execute(
        select(Article.feed_id, func.count())
        .where(Article.feed_id.is_not(None), Article.fetched_at >= since, Article.fetched_at < until)
        .group_by(Article.feed_id)
    )
    return {feed_id: n for feed_id, n in rows if feed_id is not None}


def _published_counts(session: Session, since: datetime, until: datetime) -> dict[int, int]:
    """Articles per feed published in ``[since, until)`` — the baseline, robust to a first crawl's backlog."""
    rows = session.execute(
        select(Article.feed_id, func.count())
        .where(Article.feed_id.is_not(None), Article.published_at >= since, Article.published_at < until)
        .group_by(Article.feed_id)
    )
    return {feed_id: n for feed_id, n in rows if feed_id is not None}


def _usual_per_day(feed: Feed, baseline: dict[int, int], start: datetime, end: datetime) -> float | None:
    """Daily count over the baseline window, counted from the feed's first day if it is younger."""
    first = max(start, feed.created_at)
    days = (end - first).total_seconds() / 86400
    if days < RECENT_DAYS:
        return None
    return baseline.get(feed.id, 0) / days


def source_health(session: Session, now: datetime | None = None) -> list[SourceHealth]:
    """Health of every source, failing ones first, then quiet ones, then by outlet."""
    now = now or utcnow()
    recent_start = now - timedelta(days=RECENT_DAYS)
    base_start = recent_start - timedelta(days=BASELINE_DAYS)
    recent = _counts(session, recent_start, now + timedelta(minutes=1))
    recent_published = _published_counts(session, recent_start, now + timedelta(minutes=1))
    baseline = _published_counts(session, base_start, recent_start)
    out = []
    for feed in session.scalars(select(Feed).join(Feed.outlet)):
        usual = _usual_per_day(feed, baseline, base_start, recent_start)
        per_day = recent_published.get(feed.id, 0) / RECENT_DAYS
        out.append(SourceHealth(
            feed_id=feed.id, url=feed.url, outlet=feed.outlet.name, kind=feed.kind, enabled=feed.enabled,
            last_success=feed.last_success, last_checked=feed.last_checked, last_status=feed.last_status,
            last_error=feed.last_error, failures=feed.consecutive_failures or 0, next_check=feed.next_check,
            poll_interval=feed.poll_interval, recent=recent.get(feed.id, 0), recent_per_day=per_day,
            usual_per_day=usual, quiet=feed.enabled and not feed.consecutive_failures and is_quiet(per_day, usual),
        ))
    order = {"failing": 0, "quiet": 1, "new": 2, "ok": 3, "disabled": 4}
    return sorted(out, key=lambda h: (order[h.status], h.outlet, h.url))


# --- scheduling ------------------------------------------------------------------------------------------

def next_interval(current: int, new_entries: int, gaps: list[float], bounds: Bounds = Bounds()) -> int:
    """The next poll interval (seconds).

    New entries: the median gap between the feed's recent articles (a feed that publishes every 3 hours is read
    every 3 hours), else half the current interval. No new entries: half as long again. Always within ``bounds``.
    """
    target = (median(gaps) if gaps else current / 2) if new_entries > 0 else current * 1.5
    return int(min(bounds.high, max(bounds.low, target)))


def publication_gaps(session: Session, feed_id: int, sample: int = GAP_SAMPLE) -> list[float]:
    """Seconds between consecutive publication times of the feed's latest ``sample`` articles."""
    times = [t for t in session.scalars(
        select(Article.published_at).where(Article.feed_id == feed_id, Article.published_at.is_not(None))
        .order_by(Article.published_at.desc()).limit(sample)
    ) if t is not None]  # the query already excludes None; this tells the type checker
    return [(a - b).total_seconds() for a, b in zip(times, times[1:], strict=False) if a > b]


def adapt_interval(session: Session, feed_id: int, new_entries: int, bounds: Bounds = Bounds(),
                   now: datetime | None = None) -> int | None:
    """After a successful fetch: set the feed's poll interval and next check from how often it has news."""
    feed = session.get(Feed, feed_id)
    if feed is None:
        return None
    gaps = publication_gaps(session, feed_id) if new_entries else []
    feed.poll_interval = next_interval(feed.poll_interval or bounds.low, new_entries, gaps, bounds)
    feed.next_check = (now or utcnow()) + timedelta(seconds=feed.poll_interval)
    return feed.poll_interval


def is_due(feed: Feed, now: datetime | None = None) -> bool:
    """Whether a scheduled crawl should fetch this source now (never-checked sources always are)."""
    return feed.enabled and (feed.next_check is None or feed.next_check <= (now or utcnow()))


def due_feed_urls(session: Session, urls: Iterable[str] | None = None, now: datetime | None = None) -> set[str]:
    """URLs of enabled sources whose next check has come (optionally among ``urls``)."""
    now = now or utcnow()
    query = select(Feed.url).where(Feed.enabled.is_(True), (Feed.next_check.is_(None)) | (Feed.next_check <= now))
    if urls is not None:
        query = query.where(Feed.url.in_(list(urls)))
    return set(session.scalars(query))


# --- content dedupe --------------------------------------------------------------------------------------

def entries_fingerprint(items: Iterable[tuple[str, str]]) -> str:
    """A hash of a feed's entries (link, title), order-free: unchanged entries hash the same even when the server
    rewrites ``lastBuildDate`` or sends a fresh ETag on every request."""
    digest = hashlib.sha256()
    for link, title in sorted(set(items)):
        digest.update(link.encode("utf-8", "replace") + b"\0" + title.encode("utf-8", "replace") + b"\n")
    return digest.hexdigest()


def same_content(session: Session, feed_id: int, fingerprint: str) -> bool:
    """Whether the feed served exactly these entries last time (treat as not modified)."""
    return session.scalar(select(Feed.content_hash).where(Feed.id == feed_id)) == fingerprint


def remember_content(session: Session, feed_id: int, fingerprint: str | None) -> None:
    """Keep the fingerprint; called with the feed's validators, after its entries are processed."""
    feed = session.get(Feed, feed_id)
    if feed is not None and fingerprint:
        feed.content_hash = fingerprint
