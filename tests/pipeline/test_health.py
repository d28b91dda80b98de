"""Source health, quiet detection, adaptive poll intervals and content fingerprints."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from pipeline.crawlstate import record_failure, record_success
from pipeline.health import (
    Bounds,
    adapt_interval,
    due_feed_urls,
    entries_fingerprint,
    is_quiet,
    next_interval,
    remember_content,
    same_content,
    source_health,
)
from pipeline.models import Article, Feed
from pipeline.sources import SourceSpec, add_source

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)


def _feed(session: Session, name: str, url: str, age_days: int = 60) -> Feed:
    _, feeds = add_source(session, SourceSpec(name, feeds=[url]))
    feeds[0].created_at = NOW - timedelta(days=age_days)
    return feeds[0]


def _articles(session: Session, feed: Feed, days_ago: range, per_day: int = 1) -> None:
    for d in days_ago:
        for k in range(per_day):
            when = NOW - timedelta(days=d, hours=k, minutes=1)
            session.add(Article(canonical_url=f"{feed.url}/{d}/{k}", url=f"{feed.url}/{d}/{k}", title="t",
                                published_at=when, fetched_at=when, outlet_id=feed.outlet_id, feed_id=feed.id))
    session.flush()


def test_quiet_is_relative_to_the_source_own_level() -> None:
    assert is_quiet(0.0, 3.0)
    assert not is_quiet(2.0, 3.0)
    assert not is_quiet(0.0, 0.2)  # a source that rarely publishes is not "quiet" after a silent week
    assert not is_quiet(0.0, None)


def test_source_health_reports_streaks_counts_and_quiet(session: Session) -> None:
    busy = _feed(session, "Busy Gazette", "http://busy.example/feed")
    silent = _feed(session, "Silent Courier", "http://silent.example/feed")
    broken = _feed(session, "Broken Times", "http://broken.example/feed")
    _articles(session, busy, range(0, 35), per_day=2)
    _articles(session, silent, range(8, 35), per_day=2)  # nothing in the last week
    record_success(session, busy.id, 200, now=NOW)
    record_success(session, silent.id, 304, now=NOW)
    for _ in range(3):
        record_failure(session, broken.id, broken.url, "HTTP 500 Internal Server Error", 500, now=NOW)
    report = {h.outlet: h for h in source_health(session, NOW)}
    assert report["Busy Gazette"].status == "ok" and report["Busy Gazette"].recent == 14
    assert report["Silent Courier"].status == "quiet" and report["Silent Courier"].recent == 0
    assert report["Broken Times"].status == "failing"
    assert report["Broken Times"].failures == 3 and "HTTP 500" in (report["Broken Times"].last_error or "")
    assert [h.outlet for h in source_health(session, NOW)][0] == "Broken Times"


def test_poll_interval_follows_publication_rate_within_bounds() -> None:
    bounds = Bounds(3600, 86400)
    assert next_interval(3600, 0, []) == 5400  # nothing new: wait longer
    assert next_interval(80000, 0, [], bounds) == 86400  # never beyond the upper bound
    assert next_interval(86400, 3, [3 * 3600.0, 3 * 3600.0, 5 * 3600.0], bounds) == 3 * 3600
    assert next_interval(7200, 5, [60.0, 120.0], bounds) == 3600  # at most hourly


def test_adapt_interval_and_backoff_recovery(session: Session) -> None:
    feed = _feed(session, "Rhythm Post", "http://rhythm.example/feed")
    _articles(session, feed, range(0, 10))  # one a day
    assert adapt_interval(session, feed.id, new_entries=2, now=NOW) == 86400
    assert feed.next_check == NOW + timedelta(days=1)
    feed.poll_interval = 3600
    for _ in range(3):
        record_failure(session, feed.id, feed.url, "timed out", now=NOW)
    assert feed.next_check == NOW + timedelta(hours=4)  # backs off (doubling), not dropped
    assert feed.enabled and feed.url in due_feed_urls(session, now=NOW + timedelta(days=5))
    record_success(session, feed.id, 200, now=NOW)
    assert feed.consecutive_failures == 0 and feed.last_error is None


def test_fingerprint_ignores_order_and_detects_changes(session: Session) -> None:
    feed = _feed(session, "Liar Ledger", "http://liar.example/feed")
    one = entries_fingerprint([("http://x/1", "One"), ("http://x/2", "Two")])
    assert one == entries_fingerprint([("http://x/2", "Two"), ("http://x/1", "One")])
    assert one != entries_fingerprint([("http://x/1", "One"), ("http://x/3", "Three")])
    assert not same_content(session, feed.id, one)
    remember_content(session, feed.id, one)
    assert same_content(session, feed.id, one)
