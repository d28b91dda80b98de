"""A story's summary fields, recomputed from its members: first appearance, outlets, their states, tags."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from pipeline.models import Article, ArticleTag, Outlet, Story, StoryMember, utcnow
from pipeline.stories.dates import effective_time

CHUNK = 500


@dataclass
class _Acc:
    first: tuple[datetime, int] | None = None
    title: str = ""
    size: int = 0
    outlets: set[str] = field(default_factory=set)
    outlet_states: set[str] = field(default_factory=set)
    states: set[str] = field(default_factory=set)
    facilities: dict[str, dict[str, Any]] = field(default_factory=dict)
    relevant: bool = False


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _member_rows(session: Session, ids: list[int]) -> Iterator[Any]:
    stmt = (
        select(StoryMember.story_id, Article.id, Article.title, Article.published_at, Article.fetched_at,
               Article.date_source, Outlet.name, Outlet.home_state, ArticleTag.relevant, ArticleTag.states,
               ArticleTag.facilities)
        .join(Article, Article.id == StoryMember.article_id)
        .outerjoin(Outlet, Outlet.id == Article.outlet_id)
        .outerjoin(ArticleTag, ArticleTag.article_id == Article.id)
        .where(StoryMember.story_id.in_(ids))
    )
    yield from session.execute(stmt)


def _add(acc: _Acc, row: Any, now: datetime) -> None:
    at, _mark = effective_time(row.published_at, row.fetched_at, row.date_source, now)
    if acc.first is None or (at, row.id) < acc.first:
        acc.first, acc.title = (at, row.id), row.title or ""
    acc.size += 1
    if row.name:
        acc.outlets.add(row.name)
    if row.home_state:
        acc.outlet_states.add(row.home_state)
    acc.states.update(row.states or ())
    for facility in row.facilities or ():
        if isinstance(facility, dict) and facility.get("id"):
            acc.facilities.setdefault(str(facility["id"]), facility)
    acc.relevant = acc.relevant or bool(row.relevant)


def _values(story_id: int, acc: _Acc, now: datetime) -> dict[str, Any]:
    assert acc.first is not None
    return {
        "id": story_id, "first_article_id": acc.first[1], "first_seen": acc.first[0], "title": acc.title,
        "size": acc.size, "outlets": sorted(acc.outlets), "outlet_states": sorted(acc.outlet_states),
        "states": sorted(acc.states), "facilities": [acc.facilities[k] for k in sorted(acc.facilities)],
        "relevant": acc.relevant, "updated_at": now,
    }


def refresh_stories(session: Session, story_ids: Iterable[int], now: datetime | None = None) -> int:
    """Recompute the summaries of ``story_ids``; stories left without members are deleted. Returns how many."""
    now = now or utcnow()
    ids = sorted(set(story_ids))
    for chunk in _chunks(ids):
        accs: dict[int, _Acc] = defaultdict(_Acc)
        for row in _member_rows(session, chunk):
            _add(accs[row.story_id], row, now)
        values = [_values(sid, acc, now) for sid, acc in accs.items()]
        if values:
            session.execute(update(Story), values)
        empty = [sid for sid in chunk if sid not in accs]
        if empty:
            session.execute(delete(Story).where(Story.id.in_(empty)))
    return len(ids)


def stale_stories(session: Session) -> list[int]:
    """Stories with a member tagged (or re-tagged) after the story was last summarised."""
    stmt = (
        select(StoryMember.story_id).distinct()
        .join(ArticleTag, ArticleTag.article_id == StoryMember.article_id)
        .join(Story, Story.id == StoryMember.story_id)
        .where(ArticleTag.tagged_at > Story.updated_at)
    )
    return list(session.scalars(stmt))


def all_stories(session: Session) -> list[int]:
    return list(session.scalars(select(Story.id)))
