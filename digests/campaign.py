"""The campaign so far as plain data: daily stories by outlet kind (index chart) and one page per state."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from digests.build import ItemKey, Row, campaign_start, rows_between, visible
from digests.charts import KIND_ORDER, BarChart, stacked_bars
from digests.text import clean, safe_url
from pipeline.models import ActionReport, Review, utcnow
from pipeline.states import state_name

MAX_STATE_STORIES = 50


@dataclass(frozen=True)
class StoryRef:
    day: str
    time: str
    title: str
    url: str | None
    outlet: str
    outlets: int


@dataclass(frozen=True)
class ReportRef:
    day: str
    facility: str
    kind: str
    note: str


@dataclass(frozen=True)
class StatePage:
    code: str
    name: str
    articles: int
    chart: BarChart
    stories: tuple[StoryRef, ...]  # latest first
    facilities: tuple[tuple[str, int], ...]  # (name, articles), most covered first
    reports: tuple[ReportRef, ...]


@dataclass(frozen=True)
class Campaign:
    start: date
    until: date
    chart: BarChart
    states: tuple[StatePage, ...]


def _days(start: date, until: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((until - start).days + 1)]


def _heaviest(kinds: set[str]) -> str:
    return next((k for k in KIND_ORDER if k in kinds), "mainstream")


def _stories(rows: list[Row], tz: ZoneInfo, keep: set[tuple[date, ItemKey]] | None) -> dict[ItemKey, list[Row]]:
    groups: dict[ItemKey, list[Row]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r.at, r.article_id)):
        groups[row.key].append(row)
    if keep is None:
        return groups
    return {k: g for k, g in groups.items() if (g[0].at.astimezone(tz).date(), k) in keep}


def _visible_keys(session: Session, groups: dict[ItemKey, list[Row]], tz: ZoneInfo, until: date,
                  include_unreviewed: bool) -> set[tuple[date, ItemKey]]:
    reviews = {(r.day, (r.item_type, r.item_id)): r for r in session.scalars(select(Review).where(Review.day <= until))}
    reviewed_days = {d for d, _k in reviews}
    keys = {(g[0].at.astimezone(tz).date(), k) for k, g in groups.items()}
    return {(d, k) for d, k in keys if visible(reviews.get((d, k)), d in reviewed_days, include_unreviewed)}


def _per_day(groups: dict[ItemKey, list[Row]], days: list[date], tz: ZoneInfo,
             state: str | None = None) -> list[tuple[date, dict[str, int]]]:
    counts: dict[date, Counter[str]] = {d: Counter() for d in days}
    for rows in groups.values():
        by_day: dict[date, set[str]] = defaultdict(set)
        for r in rows:
            if state is None:
                by_day[r.at.astimezone(tz).date()].add(r.kind)
            elif state in r.states:
                counts[r.at.astimezone(tz).date()][r.kind] += 1
        for d, kinds in by_day.items():
            counts[d][_heaviest(kinds)] += 1
    return [(d, dict(counts[d])) for d in days]


def _state_page(code: str, groups: dict[ItemKey, list[Row]], days: list[date], tz: ZoneInfo,
                reports: list[ActionReport]) -> StatePage:
    mine = {k: g for k, g in groups.items() if any(code in r.states for r in g)}
    facilities: Counter[str] = Counter(name for g in mine.values() for r in g if code in r.states
                                       for _id, name in r.facilities)
    stories = sorted(mine.values(), key=lambda g: (g[0].at, g[0].article_id), reverse=True)[:MAX_STATE_STORIES]
    name = state_name(code)
    return StatePage(
        code, name, sum(1 for g in mine.values() for r in g if code in r.states),
        stacked_bars(f"state-{code}", f"Articles about {name} per day, by outlet kind",
                     _per_day(mine, days, tz, state=code), unit="articles"),
        tuple(StoryRef(g[0].at.astimezone(tz).date().isoformat(), g[0].at.astimezone(tz).strftime("%H:%M"),
                       g[0].title or "(untitled)", safe_url(g[0].url), g[0].outlet, len({r.outlet for r in g}))
              for g in stories),
        tuple(sorted(facilities.items(), key=lambda kv: (-kv[1], kv[0]))),
        tuple(ReportRef(r.day.isoformat(), clean(r.facility), r.kind, clean(r.note)) for r in reports),
    )


def build_campaign(session: Session, until: date, tz: ZoneInfo, include_unreviewed: bool = False,
                   now: datetime | None = None) -> Campaign:
    """Stories per day by outlet kind (each story counted once a day, under its heaviest kind) and state pages."""
    start = campaign_start(session, until, tz)
    days = _days(start, until)
    rows = rows_between(session, start, until, tz, now or utcnow())
    groups = _stories(rows, tz, None)
    groups = _stories(rows, tz, _visible_keys(session, groups, tz, until, include_unreviewed))
    reports: dict[str, list[ActionReport]] = defaultdict(list)
    for r in session.scalars(select(ActionReport).where(ActionReport.day <= until)
                             .order_by(ActionReport.day.desc(), ActionReport.id)):
        reports[r.state].append(r)
    codes = sorted({s for g in groups.values() for r in g for s in r.states} | set(reports))
    chart = stacked_bars("campaign", "Stories per day, by outlet kind", _per_day(groups, days, tz))
    return Campaign(start, until, chart, tuple(_state_page(c, groups, days, tz, reports[c]) for c in codes))
