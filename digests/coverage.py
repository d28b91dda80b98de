"""Coverage counts for the digest: ``pipeline.coverage`` when present, else a minimal stand-in with its API.

The stand-in exists only so digests render before the coverage stage lands; it counts relevant articles per
local day and subject state, and calls a state blacked out when an action was reported there in the window and no
relevant article spoke of it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from pipeline.models import ActionReport, Article, ArticleTag, Outlet, StoryMember


def day_window(start: date, end: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC bounds [from, to) of the local days ``start``…``end`` inclusive."""
    lo = datetime.combine(start, time(), tz).astimezone(UTC)
    hi = datetime.combine(end + timedelta(days=1), time(), tz).astimezone(UTC)
    return lo, hi


def in_window(lo: datetime, hi: datetime) -> Any:
    """Articles dated in [lo, hi): by publication time, or by fetch time when undated."""
    return or_(
        and_(Article.published_at >= lo, Article.published_at < hi),
        and_(Article.published_at.is_(None), Article.fetched_at >= lo, Article.fetched_at < hi),
    )


def local_day(article_time: datetime, tz: ZoneInfo) -> date:
    return article_time.astimezone(tz).date()


@dataclass(frozen=True)
class CoverageRow:
    day: date
    state: str
    articles: int
    stories: int
    outlets: int
    by_kind: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class BlackoutEntry:
    state: str
    facilities: list[str]
    last_action: date
    kinds: list[str]
    reports: int


@dataclass(frozen=True)
class BlackoutReport:
    no_coverage: list[BlackoutEntry]
    movement_only: list[str]


def _fallback_coverage_by_day(session: Session, since: date, until: date, by: str = "subject", *,
                              tz: ZoneInfo) -> list[CoverageRow]:
    lo, hi = day_window(since, until, tz)
    rows = session.execute(
        select(Article.id, Article.published_at, Article.fetched_at, Article.outlet_id, Outlet.kind,
               Outlet.home_state, ArticleTag.states, StoryMember.story_id)
        .join(ArticleTag, ArticleTag.article_id == Article.id)
        .outerjoin(Outlet, Outlet.id == Article.outlet_id)
        .outerjoin(StoryMember, StoryMember.article_id == Article.id)
        .where(ArticleTag.relevant.is_(True), in_window(lo, hi))
    ).all()
    acc: dict[tuple[date, str], dict[str, Any]] = defaultdict(
        lambda: {"articles": 0, "stories": set(), "outlets": set(), "by_kind": defaultdict(int)})
    for aid, pub, fetched, outlet_id, kind, home, states, story_id in rows:
        keys = ([home] if home else []) if by == "outlet" else list(states or [])
        for state in keys:
            cell = acc[(local_day(pub or fetched, tz), state)]
            cell["articles"] += 1
            cell["stories"].add(story_id or -aid)
            cell["outlets"].add(outlet_id)
            cell["by_kind"][kind or "mainstream"] += 1
    return [CoverageRow(d, s, c["articles"], len(c["stories"]), len(c["outlets"]), dict(sorted(c["by_kind"].items())))
            for (d, s), c in sorted(acc.items())]


def _fallback_blackout(session: Session, as_of: date, days: int, tz: ZoneInfo) -> BlackoutReport:
    since = as_of - timedelta(days=days - 1)
    reports = session.scalars(
        select(ActionReport).where(ActionReport.day >= since, ActionReport.day <= as_of)
        .order_by(ActionReport.state, ActionReport.day)
    ).all()
    covered: dict[str, set[str]] = defaultdict(set)
    for row in _fallback_coverage_by_day(session, since, as_of, tz=tz):
        covered[row.state].update(row.by_kind)
    by_state: dict[str, list[ActionReport]] = defaultdict(list)
    for r in reports:
        by_state[r.state].append(r)
    entries = [
        BlackoutEntry(state, sorted({r.facility for r in rs if r.facility}), max(r.day for r in rs),
                      sorted({r.kind for r in rs}), len(rs))
        for state, rs in sorted(by_state.items()) if state not in covered
    ]
    movement_only = sorted(s for s, kinds in covered.items() if kinds == {"movement"})
    return BlackoutReport(entries, movement_only)


def coverage_by_day(session: Session, since: date, until: date, tz: ZoneInfo, by: str = "subject") -> list[Any]:
    try:
        from pipeline import coverage
    except ImportError:
        return _fallback_coverage_by_day(session, since, until, by, tz=tz)
    return list(coverage.coverage_by_day(session, since, until, by=by, tz=tz))


def blackout(session: Session, as_of: date, days: int, tz: ZoneInfo) -> Any:
    try:
        from pipeline import coverage
    except ImportError:
        return _fallback_blackout(session, as_of, days, tz)
    return coverage.blackout(session, as_of=as_of, days=days, tz=tz)
