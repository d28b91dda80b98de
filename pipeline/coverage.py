"""Coverage by state and day, and blackout watch.

Only relevant articles (the tagger's verdict, corrections applied) count as coverage. A day is a calendar day
in the configured time zone; an article counts on the day it was published, or fetched when it had no date or a
date in the future (those are counted in ``undated``). "By subject" counts an article under every state its tags
name; "by outlet" under its outlet's home state (``national`` for outlets without one).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pipeline.errors import InputError
from pipeline.models import OUTLET_KINDS, ActionReport, Article, ArticleTag, Outlet, StoryMember, utcnow
from pipeline.stories.dates import DATED, day_bounds, effective_time, local_day

DEFAULT_TZ = ZoneInfo("America/New_York")
NATIONAL = "national"
UNKNOWN_KIND = "unknown"  # articles whose outlet is not known
BY = ("subject", "outlet")


@dataclass(frozen=True)
class CoverageRow:
    day: date
    state: str
    articles: int
    stories: int
    outlets: int
    by_kind: dict[str, int]  # articles per outlet kind: mainstream, local, movement, wire (+ unknown if any)
    undated: int = 0  # articles counted at their fetch time (no date, or a future date)


@dataclass(frozen=True)
class BlackoutEntry:
    state: str
    facilities: list[str]
    last_action: date
    kinds: list[str]
    reports: int


@dataclass(frozen=True)
class BlackoutReport:
    no_coverage: list[BlackoutEntry]  # states with reported action and no relevant coverage in the window
    movement_only: list[str]  # states whose only relevant coverage in the window is movement media
    facilities_uncovered: list[BlackoutEntry] = field(default_factory=list)  # covered states, silent facilities
    as_of: date | None = None
    days: int = 0


@dataclass(frozen=True)
class Counted:
    """One relevant article as coverage counts it."""

    id: int
    day: date
    mark: str
    kind: str
    outlet_id: int | None
    home_state: str | None
    states: tuple[str, ...]
    facilities: tuple[dict[str, Any], ...]
    story: str


def counted_articles(
    session: Session, since: date, until: date, tz: ZoneInfo, now: datetime | None = None
) -> Iterator[Counted]:
    """Relevant articles counted on the days ``since``..``until`` (in ``tz``)."""
    now = now or utcnow()
    lo, hi = day_bounds(since, until, tz)
    stmt = (select(Article.id, Article.published_at, Article.fetched_at, Article.date_source, Article.outlet_id,
                   Outlet.kind, Outlet.home_state, ArticleTag.states, ArticleTag.facilities, StoryMember.story_id)
            .join(ArticleTag, ArticleTag.article_id == Article.id)
            .outerjoin(Outlet, Outlet.id == Article.outlet_id)
            .outerjoin(StoryMember, StoryMember.article_id == Article.id)
            .where(ArticleTag.relevant.is_(True))
            .where(or_(Article.published_at.between(lo, hi), Article.fetched_at.between(lo, hi))))
    for row in session.execute(stmt.execution_options(yield_per=2000)):
        at, mark = effective_time(row.published_at, row.fetched_at, row.date_source, now)
        day = local_day(at, tz)
        if since <= day <= until:
            story = f"s{row.story_id}" if row.story_id is not None else f"a{row.id}"
            facilities = tuple(f for f in row.facilities or () if isinstance(f, dict))
            yield Counted(row.id, day, mark, row.kind or UNKNOWN_KIND, row.outlet_id, row.home_state,
                          tuple(sorted(set(row.states or ()))), facilities, story)


@dataclass
class _Cell:
    articles: set[int] = field(default_factory=set)
    stories: set[str] = field(default_factory=set)
    outlets: set[int] = field(default_factory=set)
    kinds: Counter[str] = field(default_factory=Counter)
    undated: int = 0

    def add(self, a: Counted) -> None:
        if a.id in self.articles:
            return
        self.articles.add(a.id)
        self.stories.add(a.story)
        if a.outlet_id is not None:
            self.outlets.add(a.outlet_id)
        self.kinds[a.kind] += 1
        self.undated += a.mark != DATED

    def row(self, day: date, state: str) -> CoverageRow:
        by_kind = {kind: self.kinds.get(kind, 0) for kind in OUTLET_KINDS}
        if self.kinds.get(UNKNOWN_KIND):
            by_kind[UNKNOWN_KIND] = self.kinds[UNKNOWN_KIND]
        return CoverageRow(day, state, len(self.articles), len(self.stories), len(self.outlets), by_kind,
                           self.undated)


def _states_of(a: Counted, by: str) -> tuple[str, ...]:
    if by == "subject":
        return a.states
    return (a.home_state or NATIONAL,)


def coverage_by_day(
    session: Session,
    since: date,
    until: date,
    by: str = "subject",
    tz: ZoneInfo = DEFAULT_TZ,
    now: datetime | None = None,
) -> list[CoverageRow]:
    """Per (day, state): relevant articles, distinct stories and outlets, articles per outlet kind."""
    if by not in BY:
        raise InputError(f"--by must be one of {', '.join(BY)}, not {by!r}")
    if since > until:
        raise InputError(f"--since {since} is after --until {until}")
    cells: dict[tuple[date, str], _Cell] = defaultdict(_Cell)
    for article in counted_articles(session, since, until, tz, now):
        for state in _states_of(article, by):
            cells[(article.day, state)].add(article)
    return [cells[key].row(*key) for key in sorted(cells)]


def _norm(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", name.lower()))


def _facility_covered(name: str, covered: set[str]) -> bool:
    wanted = _norm(name)
    return bool(wanted) and any(wanted == c or wanted in c or c in wanted for c in covered if c)


def _entry(state: str, reports: list[ActionReport]) -> BlackoutEntry:
    return BlackoutEntry(state, sorted({r.facility for r in reports if r.facility}), max(r.day for r in reports),
                         sorted({r.kind for r in reports}), len(reports))


def blackout(
    session: Session, as_of: date, days: int = 7, tz: ZoneInfo = DEFAULT_TZ, now: datetime | None = None
) -> BlackoutReport:
    """States (and facilities) with action reported in the ``days`` days up to ``as_of`` and no relevant coverage
    in them; and states whose only relevant coverage in those days is movement media."""
    if days < 1:
        raise InputError(f"--days must be at least 1, not {days}")
    since = as_of - timedelta(days=days - 1)
    kinds: dict[str, set[str]] = defaultdict(set)
    covered: dict[str, set[str]] = defaultdict(set)
    for a in counted_articles(session, since, as_of, tz, now):
        for state in a.states:
            kinds[state].add(a.kind)
        for f in a.facilities:
            covered[str(f.get("state") or "")].update({_norm(str(f.get("name") or "")), _norm(str(f.get("id")))})
    reports: dict[str, list[ActionReport]] = defaultdict(list)
    stmt = select(ActionReport).where(ActionReport.day.between(since, as_of)).order_by(ActionReport.day)
    for report in session.scalars(stmt):
        reports[report.state].append(report)
    silent = [_entry(s, rs) for s, rs in sorted(reports.items()) if not kinds.get(s)]
    facilities = []
    for state, rs in sorted(reports.items()):
        quiet = [r for r in rs if r.facility and kinds.get(state) and not _facility_covered(r.facility,
                 covered[state] | covered[""])]
        if quiet:
            facilities.append(_entry(state, quiet))
    movement_only = sorted(s for s, k in kinds.items() if k == {"movement"})
    return BlackoutReport(silent, movement_only, facilities, as_of, days)
