"""What reviewers (and the CLI) do with stories: list them, merge two, split an article off. Both edits pin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pipeline.errors import InputError
from pipeline.models import Article, Outlet, Review, Story, StoryMember, utcnow
from pipeline.stories.dates import day_bounds, effective_time, local_day
from pipeline.stories.summary import refresh_stories


@dataclass(frozen=True)
class StoryView:
    """A story as plain data (for the CLI, the digest and the review app)."""

    id: int
    day: date
    first_seen: datetime
    date_mark: str  # "" when the first article had its own date; "fetched" or "future" when the fetch time stood in
    title: str
    url: str
    first_outlet: str
    size: int
    outlets: list[str]
    outlet_states: list[str]
    states: list[str]
    facilities: list[dict[str, Any]]
    relevant: bool


def list_stories(
    session: Session,
    tz: ZoneInfo,
    since: date | None = None,
    until: date | None = None,
    relevant_only: bool = False,
    now: datetime | None = None,
) -> list[StoryView]:
    """Stories first seen on the calendar days ``since``..``until`` in ``tz`` (open ends allowed), newest first."""
    stmt = (select(Story, Article, Outlet.name)
            .join(Article, Article.id == Story.first_article_id)
            .outerjoin(Outlet, Outlet.id == Article.outlet_id))
    if since is not None:
        stmt = stmt.where(Story.first_seen >= day_bounds(since, since, tz)[0])
    if until is not None:
        stmt = stmt.where(Story.first_seen < day_bounds(until, until, tz)[1])
    if relevant_only:
        stmt = stmt.where(Story.relevant.is_(True))
    stmt = stmt.order_by(Story.first_seen.desc(), Story.id.desc())
    now = now or utcnow()
    return [_view(story, article, outlet or "", tz, now) for story, article, outlet in session.execute(stmt)]


def _view(story: Story, article: Article, outlet: str, tz: ZoneInfo, now: datetime) -> StoryView:
    _at, mark = effective_time(article.published_at, article.fetched_at, article.date_source, now)
    first_seen = story.first_seen or article.fetched_at
    return StoryView(story.id, local_day(first_seen, tz), first_seen, mark, story.title, article.url, outlet,
                     story.size, list(story.outlets), list(story.outlet_states), list(story.states),
                     list(story.facilities), story.relevant)


def _story(session: Session, story_id: int) -> Story:
    story = session.get(Story, story_id)
    if story is None:
        raise InputError(f"no story {story_id}")
    return story


def merge_stories(session: Session, keep_id: int, other_id: int) -> Story:
    """Move every article of ``other_id`` into ``keep_id`` and delete ``other_id``; all members end up pinned."""
    if keep_id == other_id:
        raise InputError("cannot merge a story with itself")
    keep, _other = _story(session, keep_id), _story(session, other_id)
    session.execute(update(StoryMember).where(StoryMember.story_id == other_id).values(story_id=keep_id))
    session.execute(update(StoryMember).where(StoryMember.story_id == keep_id).values(pinned=True))
    _move_reviews(session, keep_id, other_id)
    session.flush()
    refresh_stories(session, [keep_id, other_id])
    session.expire_all()
    return keep


def _move_reviews(session: Session, keep_id: int, other_id: int) -> None:
    """Decisions on the merged-away story carry over to the kept one, unless it has its own for that day."""
    kept_days = set(session.scalars(select(Review.day).where(Review.item_type == "story", Review.item_id == keep_id)))
    for review in session.scalars(select(Review).where(Review.item_type == "story", Review.item_id == other_id)):
        if review.day in kept_days:
            session.delete(review)
        else:
            review.item_id = keep_id


def split_article(session: Session, article_id: int) -> Story:
    """Take ``article_id`` out of its story into a story of its own. Returns the new story.

    The article and the members it leaves behind are all pinned, so a rebuild keeps the reviewer's split.
    """
    member = session.get(StoryMember, article_id)
    if member is None:
        raise InputError(f"article {article_id} is in no story (run `strikewatch cluster` first)")
    old = member.story_id
    story = Story(title="", size=0, updated_at=utcnow())
    session.add(story)
    session.flush()
    session.execute(update(StoryMember).where(StoryMember.story_id == old).values(pinned=True))
    member.story_id, member.pinned, member.similarity = story.id, True, 1.0
    session.flush()
    refresh_stories(session, [old, story.id])
    session.expire_all()
    return story


