"""The day's review queue: candidate stories and lone articles, most important first."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, selectinload

from digests.score import Signals, story_score
from pipeline.models import Article, Correction, Review, Story, StoryMember
from pipeline.review.tags import EffectiveTag, effective_tag

STATUSES = ("pending", "approved", "rejected")
ITEM_TYPES = ("story", "article")


@dataclass
class QueueFilter:
    state: str = ""
    facility: str = ""
    outlet_kind: str = ""
    status: str = ""
    include_irrelevant: bool = False


@dataclass(frozen=True)
class Member:
    article_id: int
    title: str
    url: str
    outlet: str


@dataclass
class QueueItem:
    """One row of the queue: plain data for templates and JSON."""

    item_type: str
    item_id: int
    title: str
    url: str
    outlet: str
    published: datetime | None
    summary: str
    relevant: bool | None
    score: float
    status: str = "pending"
    pinned: bool = False
    reasons: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    facilities: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    outlet_kinds: list[str] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    syndication: int = 1

    @property
    def key(self) -> str:
        return f"{self.item_type}-{self.item_id}"

    @property
    def article_ids(self) -> list[int]:
        return [m.article_id for m in self.members]


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(), tz)
    end = datetime.combine(day + timedelta(days=1), time(), tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def importance(relevance: float, outlets: list[str], kinds: list[str], states: list[str]) -> float:
    """The digest's ranking score (``digests.score``) without its novelty part, which needs the days before."""
    signals = Signals(relevance, len(outlets), frozenset(states), frozenset(kinds), False)
    return story_score(signals, recently_covered=frozenset(states))


def _make_item(item_type: str, item_id: int, articles: list[Article], tags: dict[int, EffectiveTag],
               title: str = "") -> QueueItem:
    articles = sorted(articles, key=lambda a: (a.published_at or a.fetched_at, a.id))
    lead = articles[0]
    effs = [tags[a.id] for a in articles]
    judged = [e.relevant for e in effs if e.relevant is not None]
    outlets = _unique([a.outlet.name if a.outlet else "" for a in articles])
    kinds = _unique([a.outlet.kind if a.outlet else "" for a in articles])
    states = _unique([s for e in effs for s in e.states])
    return QueueItem(
        item_type=item_type, item_id=item_id, title=title or lead.title, url=lead.url,
        outlet=outlets[0] if outlets else "", published=lead.published_at,
        summary=lead.summary or "", relevant=any(judged) if judged else None,
        score=importance(max(e.score for e in effs), outlets, kinds, states),
        reasons=_unique([r for e in effs for r in e.reasons]), states=states,
        facilities=_unique([f for e in effs for f in e.facilities]), outlets=outlets, outlet_kinds=kinds,
        members=[Member(a.id, a.title, a.url, a.outlet.name if a.outlet else "") for a in articles],
        syndication=len(articles),
    )


def _load_articles(session: Session, where: ColumnElement[bool]) -> list[Article]:
    stmt = select(Article).where(where).options(selectinload(Article.tag), selectinload(Article.outlet))
    return list(session.scalars(stmt))


def _corrections(session: Session, ids: list[int]) -> dict[int, list[Correction]]:
    found: dict[int, list[Correction]] = defaultdict(list)
    for corr in session.scalars(select(Correction).where(Correction.article_id.in_(ids))):
        found[corr.article_id].append(corr)
    return found


def day_items(session: Session, day: date, tz: ZoneInfo) -> list[QueueItem]:
    """Every item of ``day`` as the digest groups them: a story for the day's members of each story, else the
    article alone."""
    start, end = day_bounds(day, tz)
    articles = _load_articles(session, (Article.published_at >= start) & (Article.published_at < end))
    ids = [a.id for a in articles]
    story_of = dict(session.execute(select(StoryMember.article_id, StoryMember.story_id)
                                    .where(StoryMember.article_id.in_(ids))).tuples().all())
    corrections = _corrections(session, ids)
    tags = {a.id: effective_tag(a.tag, corrections.get(a.id, [])) for a in articles}
    by_story: dict[int, list[Article]] = defaultdict(list)
    for a in articles:
        if a.id in story_of:
            by_story[story_of[a.id]].append(a)
    titles = dict(session.execute(select(Story.id, Story.title).where(Story.id.in_(list(by_story)))).tuples().all())
    items = [_make_item("story", sid, group, tags, titles.get(sid, "")) for sid, group in sorted(by_story.items())]
    items += [_make_item("article", a.id, [a], tags) for a in articles if a.id not in story_of]
    return items


def _apply_reviews(session: Session, day: date, items: list[QueueItem]) -> None:
    reviews = {(r.item_type, r.item_id): r for r in session.scalars(select(Review).where(Review.day == day))}
    for item in items:
        review = reviews.get((item.item_type, item.item_id))
        if review is not None:
            item.status, item.pinned = review.status, review.pinned
            item.summary = review.summary or item.summary


def _keep(item: QueueItem, f: QueueFilter) -> bool:
    if item.relevant is False and not f.include_irrelevant:
        return False
    if f.state and f.state.upper() not in item.states:
        return False
    if f.facility and not any(f.facility.casefold() in name.casefold() for name in item.facilities):
        return False
    if f.outlet_kind and f.outlet_kind not in item.outlet_kinds:
        return False
    return not f.status or item.status == f.status


def build_queue(session: Session, day: date, tz: ZoneInfo, filters: QueueFilter | None = None) -> list[QueueItem]:
    """The filtered queue for ``day``: pinned items first, then by importance, then earliest first."""
    items = day_items(session, day, tz)
    _apply_reviews(session, day, items)
    kept = [i for i in items if _keep(i, filters or QueueFilter())]
    return sorted(kept, key=lambda i: (not i.pinned, -i.score, i.published or datetime.min.replace(tzinfo=UTC)))


def find_item(session: Session, day: date, tz: ZoneInfo, item_type: str, item_id: int) -> QueueItem | None:
    items = day_items(session, day, tz)
    _apply_reviews(session, day, items)
    return next((i for i in items if i.item_type == item_type and i.item_id == item_id), None)
