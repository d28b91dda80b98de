"""Database → one day's digest as plain data (``digests.data``). Reads only; takes a session, returns dataclasses."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from digests import score
from digests.data import BlackoutLine, Breakthrough, Digest, Figures, StateLine, StoryItem
from digests.posts import build_posts
from digests.text import clean, safe_url, short_summary
from pipeline.config import Settings
from pipeline.coverage import blackout, coverage_by_day
from pipeline.models import ActionReport, Article, ArticleTag, Outlet, Review, Story, StoryMember, utcnow
from pipeline.models import Breakthrough as BreakthroughRow
from pipeline.states import state_name
from pipeline.stories.dates import day_bounds, effective_time, local_day

TOP_STORIES = 10
MOVEMENT_STORIES = 10
BLACKOUT_DAYS = 7
NOVELTY_DAYS = 7
ItemKey = tuple[str, int]


@dataclass(frozen=True)
class Row:
    """One relevant article of the day with what the digest needs of it."""

    article_id: int
    title: str
    url: str
    summary: str
    at: datetime
    outlet_id: int | None
    outlet: str
    kind: str
    relevance: float
    states: tuple[str, ...]
    facilities: tuple[tuple[str, str], ...]  # (id, name)
    story_id: int | None

    @property
    def key(self) -> ItemKey:
        return ("story", self.story_id) if self.story_id is not None else ("article", self.article_id)


def _facilities(raw: Any) -> tuple[tuple[str, str], ...]:
    out = []
    for f in raw or []:
        if not isinstance(f, dict) or not (f.get("id") or f.get("name")):
            continue
        name = clean(str(f.get("name") or f["id"]))
        out.append((str(f.get("id") or f"name:{name}"), name))  # a facility the gazetteer lacks keeps its name
    return tuple(out)


def day_rows(session: Session, day: date, tz: ZoneInfo, now: datetime) -> list[Row]:
    return rows_between(session, day, day, tz, now)


def rows_between(session: Session, since: date, until: date, tz: ZoneInfo, now: datetime) -> list[Row]:
    """Relevant articles counted on the local days ``since``…``until``, dated as ``pipeline.coverage`` dates them."""
    lo, hi = day_bounds(since, until, tz)
    query = (
        # links go to the canonical URL: no tracking parameters in what sharers forward
        select(Article.id, Article.title, Article.canonical_url, Article.summary, func.substr(Article.text, 1, 600),
               Article.published_at, Article.fetched_at, Article.date_source, Article.outlet_id, Outlet.name,
               Outlet.kind, ArticleTag.score, ArticleTag.states, ArticleTag.facilities, StoryMember.story_id)
        .join(ArticleTag, ArticleTag.article_id == Article.id)
        .outerjoin(Outlet, Outlet.id == Article.outlet_id)
        .outerjoin(StoryMember, StoryMember.article_id == Article.id)
        .where(ArticleTag.relevant.is_(True))
        .where(or_(Article.published_at.between(lo, hi), Article.fetched_at.between(lo, hi)))
    )
    rows = []
    for (aid, title, url, summary, text, pub, fetched, source, outlet_id, outlet, kind, relevance, states,
         facilities, story_id) in session.execute(query):
        at, _mark = effective_time(pub, fetched, source, now)
        if since <= local_day(at, tz) <= until:
            rows.append(Row(aid, clean(title or ""), url, summary or text or "", at, outlet_id,
                            clean(outlet or "unknown outlet"), kind or "mainstream", float(relevance or 0.0),
                            tuple(dict.fromkeys(str(s) for s in states or [])), _facilities(facilities), story_id))
    return rows


def _group(rows: list[Row]) -> dict[ItemKey, list[Row]]:
    groups: dict[ItemKey, list[Row]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r.at, r.article_id)):
        groups[row.key].append(row)
    return groups


def _figures(today: list[Row], yesterday: list[Row], states_today: int, states_yesterday: int) -> Figures:
    def counts(rows: list[Row]) -> tuple[int, int, int]:
        return len({r.key for r in rows}), len(rows), len({r.outlet_id for r in rows})

    (s, a, o), (ys, ya, yo) = counts(today), counts(yesterday)
    return Figures(s, a, o, states_today, s - ys, a - ya, o - yo, states_today - states_yesterday)


def reviews_of(session: Session, day: date) -> dict[ItemKey, Review]:
    return {(r.item_type, r.item_id): r for r in session.scalars(select(Review).where(Review.day == day))}


def visible(review: Review | None, reviewed: bool, include_unreviewed: bool) -> bool:
    if review is not None and review.status == "rejected":
        return False
    if reviewed and not include_unreviewed:
        return review is not None and review.status == "approved"
    return True


def _union(values: Any) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(values))


def _item(key: ItemKey, rows: list[Row], title: str, review: Review | None, recent: frozenset[str],
          breakthrough_ids: set[int], tz: ZoneInfo) -> StoryItem:
    lead = rows[0]
    states = _union(s for r in rows for s in r.states)
    facilities = dict(f for r in rows for f in r.facilities)
    outlets = _union(r.outlet for r in rows)
    is_new = any(r.article_id in breakthrough_ids for r in rows)
    signals = score.Signals(max(r.relevance for r in rows), len(outlets), frozenset(states),
                            frozenset(r.kind for r in rows), is_new)
    summary = clean(review.summary) if review is not None and review.summary else short_summary(lead.summary)
    return StoryItem(
        item_type=key[0], item_id=key[1], title=title or lead.title or "(untitled)", url=safe_url(lead.url),
        outlet=lead.outlet, outlet_kind=lead.kind, time=lead.at.astimezone(tz).strftime("%H:%M"),
        states=states, state_names=tuple(state_name(s) for s in states), facilities=tuple(facilities.values()),
        summary=summary, syndication=len(rows) - 1, outlets=outlets, score=score.story_score(signals, recent),
        pinned=bool(review and review.pinned), breakthrough=is_new,
    )


def _rank(items: list[StoryItem]) -> list[StoryItem]:
    return sorted(items, key=lambda i: (not i.pinned, -i.score, i.time, i.item_type, i.item_id))


def _story_titles(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {i: clean(t or "") for i, t in session.execute(select(Story.id, Story.title).where(Story.id.in_(ids)))}


def _breakthroughs(session: Session, day: date, tz: ZoneInfo) -> list[tuple[BreakthroughRow, Article, str]]:
    lo, hi = day_bounds(day, day, tz)
    query = (select(BreakthroughRow, Article, Outlet.name)
             .join(Article, Article.id == BreakthroughRow.article_id)
             .outerjoin(Outlet, Outlet.id == Article.outlet_id)
             .where(BreakthroughRow.at >= lo, BreakthroughRow.at < hi)
             .order_by(BreakthroughRow.at, BreakthroughRow.id))
    return [(b, a, o or "unknown outlet") for b, a, o in session.execute(query).tuples()]


def _breakthrough_label(kind: str, key: str, article: Article) -> str:
    if kind == "state_mainstream":
        return f"First mainstream coverage of {state_name(key)}"
    names = dict(_facilities(article.tag.facilities if article.tag else []))
    return f"First coverage of {names.get(key) or clean(key)}"


def campaign_start(session: Session, day: date, tz: ZoneInfo) -> date:
    first = session.scalar(select(func.min(Article.published_at)).join(ArticleTag)
                           .where(ArticleTag.relevant.is_(True)))
    return min(first.astimezone(tz).date(), day) if first else day


def _state_lines(session: Session, day: date, tz: ZoneInfo, reported: set[str],
                 now: datetime) -> tuple[list[StateLine], ...]:
    rows = coverage_by_day(session, campaign_start(session, day, tz), day, tz=tz, now=now)
    campaign: dict[str, int] = defaultdict(int)
    for r in rows:
        campaign[r.state] += r.articles
    today = [StateLine(r.state, state_name(r.state), r.articles, r.stories, r.outlets, campaign[r.state],
                       r.state in reported) for r in rows if r.day == day and r.articles]
    today.sort(key=lambda s: (-s.articles, s.code))
    day_counts = {s.code: s for s in today}
    everyone = sorted(set(campaign) | reported)
    whole = [StateLine(c, state_name(c), *((day_counts[c].articles, day_counts[c].stories, day_counts[c].outlets)
                                          if c in day_counts else (0, 0, 0)), campaign.get(c, 0), c in reported)
             for c in everyone]
    return today, whole


def _reported_states(session: Session, day: date) -> set[str]:
    since = day - timedelta(days=BLACKOUT_DAYS - 1)
    return set(session.scalars(select(ActionReport.state).where(ActionReport.day >= since, ActionReport.day <= day)))


def _lines(entries: Any) -> tuple[BlackoutLine, ...]:
    return tuple(BlackoutLine(e.state, state_name(e.state), tuple(clean(f) for f in e.facilities),
                              e.last_action.isoformat() if e.last_action else "", tuple(e.kinds), e.reports)
                 for e in entries)


def _recently_covered(session: Session, day: date, tz: ZoneInfo, now: datetime) -> frozenset[str]:
    rows = coverage_by_day(session, day - timedelta(days=NOVELTY_DAYS), day - timedelta(days=1), tz=tz, now=now)
    return frozenset(r.state for r in rows if r.articles)


def build_digest(session: Session, day: date, settings: Settings, include_unreviewed: bool = False,
                 now: datetime | None = None) -> Digest:
    """One day's digest. Once a review exists for the day only approved items show, unless ``include_unreviewed``;
    a digest shown with unreviewed items (or with no review at all) is a draft."""
    tz = settings.tz
    now = now or utcnow()
    rows = day_rows(session, day, tz, now)
    groups = _group(rows)
    reviews = reviews_of(session, day)
    reviewed = bool(reviews)
    found = _breakthroughs(session, day, tz)
    recent = _recently_covered(session, day, tz, now)
    titles = _story_titles(session, {k[1] for k in groups if k[0] == "story"})
    items = _rank([
        _item(key, group, titles.get(key[1], "") if key[0] == "story" else "", reviews.get(key), recent,
              {b.article_id for b, _a, _o in found}, tz)
        for key, group in groups.items() if visible(reviews.get(key), reviewed, include_unreviewed)
    ])
    shown = {r.article_id for i in items for r in groups[(i.item_type, i.item_id)]}
    in_day = {r.article_id for r in rows}
    reported = _reported_states(session, day)
    states_today, campaign = _state_lines(session, day, tz, reported, now)
    states_today = [replace(s, lead=next((i for i in items if s.code in i.states), None)) for s in states_today]
    yesterday = day - timedelta(days=1)
    states_before = len({r.state for r in coverage_by_day(session, yesterday, yesterday, tz=tz, now=now)
                         if r.articles})
    watch = blackout(session, as_of=day, days=BLACKOUT_DAYS, tz=tz, now=now)
    digest = Digest(
        day=day,
        generated_at=now.astimezone(tz).isoformat(timespec="minutes"),
        draft=include_unreviewed or not reviewed,
        reviewed=reviewed,
        figures=_figures(rows, day_rows(session, yesterday, tz, now), len(states_today), states_before),
        breakthroughs=tuple(Breakthrough(b.kind, _breakthrough_label(b.kind, b.key, a), clean(a.title or ""),
                                         safe_url(a.url), o)
                            for b, a, o in found if a.id in shown or a.id not in in_day),
        top_stories=tuple(items[:TOP_STORIES]),
        states=tuple(states_today),
        campaign_states=tuple(campaign),
        blackout=_lines(watch.no_coverage),
        quiet_facilities=_lines(getattr(watch, "facilities_uncovered", ())),
        movement_only=tuple(state_name(s) for s in watch.movement_only),
        movement=tuple(i for i in items if "movement" in {r.kind for r in groups[(i.item_type, i.item_id)]})[
            :MOVEMENT_STORIES],
    )
    return replace(digest, posts=tuple(build_posts(digest, settings.hashtags)))
