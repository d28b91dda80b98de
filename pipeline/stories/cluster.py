"""Clustering articles into stories: exact copies and near-duplicates (MinHash + LSH), incrementally.

Only articles that are in no story yet are placed. Each is compared with the articles of the same period
(``window_days`` either side) through banded LSH over MinHash signatures (``lsh.py``), so the work grows
near-linearly with the number of articles. A new article joins the story of its best match among articles
already placed, or starts a new story. Stories already made are never merged or split here (reviewers do that,
and pin what they touch).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import CursorResult, delete, exists, insert, or_, select
from sqlalchemy.orm import Session

from pipeline.models import Article, Story, StoryMember, utcnow
from pipeline.stories.dates import effective_time
from pipeline.stories.fingerprint import NUM_PERM, Fingerprint, fingerprint, similarity
from pipeline.stories.lsh import BANDS, ROWS, candidate_pairs, neighbours_of
from pipeline.stories.summary import all_stories, refresh_stories, stale_stories

BATCH = 2000


@dataclass(frozen=True)
class ClusterParams:
    """How alike two texts must be: Jaccard ``threshold``, or ``contained`` share of the shorter text."""

    threshold: float = 0.5
    contained: float = 0.7
    num_perm: int = NUM_PERM
    bands: int = BANDS
    rows: int = ROWS
    window_days: int = 14

    def __post_init__(self) -> None:
        if self.bands * self.rows > self.num_perm:
            raise ValueError(f"{self.bands} bands x {self.rows} rows need at least that many hash functions")


@dataclass(frozen=True)
class ClusterReport:
    new_articles: int = 0
    joined: int = 0  # new articles that joined a story that existed before this run
    new_stories: int = 0
    exact: int = 0  # new articles placed by an exact text match
    indexed: int = 0  # articles compared against (new ones and those already in stories nearby in time)
    refreshed: int = 0  # stories whose summary was recomputed
    removed: int = 0  # memberships dropped by a rebuild

    def summary(self) -> str:
        return (f"{self.new_articles} new article(s): {self.joined} joined existing stories, "
                f"{self.new_stories} new stories ({self.exact} exact copies); {self.refreshed} stories refreshed")


@dataclass
class _Item:
    id: int
    at: datetime
    fp: Fingerprint
    story: int | None = None


class _Index:
    """Every article of the period, with candidate partners from LSH and from exact text keys."""

    def __init__(self, params: ClusterParams, items: list[_Item], new_ids: set[int]) -> None:
        self.params = params
        self.items = {i.id: i for i in items}
        self.exact: dict[str, int] = {}
        for item in items:
            if item.story is not None and item.fp.exact is not None:
                self.exact.setdefault(item.fp.exact, item.id)
        signed = sorted((i for i in items if i.fp.signature is not None), key=lambda i: (i.at, i.id))
        if signed:
            signatures = np.stack([i.fp.signature for i in signed])  # type: ignore[misc]
            pairs = candidate_pairs(signatures, np.arange(len(signed)), params.bands, params.rows)
            self.partners = neighbours_of([i.id for i in signed], pairs, new_ids)
        else:
            self.partners = {}

    def best_match(self, item: _Item) -> tuple[_Item, float, bool] | None:
        """The placed article most like ``item`` (ties: the earliest), its similarity, whether exact."""
        best: tuple[float, float, int] | None = None
        found: tuple[_Item, float, bool] | None = None
        for cid in self._candidates(item):
            other = self.items[cid]
            if cid == item.id or other.story is None:
                continue
            sim = similarity(item.fp, other.fp, self.params.threshold, self.params.contained)
            if sim is None:
                continue
            key = (sim, -other.at.timestamp(), -cid)
            if best is None or key > best:
                best = key
                found = (other, sim, item.fp.exact is not None and item.fp.exact == other.fp.exact)
        return found

    def _candidates(self, item: _Item) -> set[int]:
        found = set(self.partners.get(item.id, ()))
        if item.fp.exact is not None and item.fp.exact in self.exact:
            found.add(self.exact[item.fp.exact])
        return found


def _article_columns() -> tuple[Any, ...]:
    return (Article.id, Article.title, Article.text, Article.published_at, Article.fetched_at, Article.date_source)


def _items(session: Session, stmt: Any, params: ClusterParams, now: datetime) -> Iterator[_Item]:
    for row in session.execute(stmt.execution_options(yield_per=BATCH)):
        at, _mark = effective_time(row.published_at, row.fetched_at, row.date_source, now)
        story = getattr(row, "story_id", None)
        yield _Item(row.id, at, fingerprint(row.title or "", row.text or "", params.num_perm), story)


def _new_items(session: Session, params: ClusterParams, now: datetime) -> list[_Item]:
    stmt = (select(*_article_columns())
            .outerjoin(StoryMember, StoryMember.article_id == Article.id)
            .where(StoryMember.article_id.is_(None)))
    return sorted(_items(session, stmt, params, now), key=lambda i: (i.at, i.id))


def _placed_items(
    session: Session, params: ClusterParams, lo: datetime, hi: datetime, now: datetime
) -> Iterator[_Item]:
    stmt = (select(*_article_columns(), StoryMember.story_id)
            .join(StoryMember, StoryMember.article_id == Article.id)
            .where(or_(Article.published_at.between(lo, hi), Article.fetched_at.between(lo, hi))))
    yield from _items(session, stmt, params, now)


def _drop_unpinned(session: Session) -> tuple[int, list[int]]:
    result = session.execute(delete(StoryMember).where(StoryMember.pinned.is_(False)))
    removed = result.rowcount if isinstance(result, CursorResult) else 0
    session.execute(delete(Story).where(~exists().where(StoryMember.story_id == Story.id)))
    return removed, all_stories(session)


def _assign(index: _Index, new: list[_Item]) -> tuple[dict[int, float], int, int]:
    """Place every new item (in time order); new stories get negative placeholder ids."""
    similarity_of: dict[int, float] = {}
    joined = exact = 0
    next_placeholder = -1
    for item in new:
        match = index.best_match(item)
        if match is None:
            item.story, next_placeholder = next_placeholder, next_placeholder - 1
            similarity_of[item.id] = 1.0
        else:
            other, sim, is_exact = match
            item.story = other.story
            similarity_of[item.id] = sim
            joined += other.story is not None and other.story > 0
            exact += is_exact
        if item.fp.exact is not None:
            index.exact.setdefault(item.fp.exact, item.id)
    return similarity_of, joined, exact


def _create_stories(session: Session, new: list[_Item], now: datetime) -> dict[int, int]:
    """Story rows for the placeholders; returns placeholder -> story id."""
    placeholders = sorted({i.story for i in new if i.story is not None and i.story < 0}, reverse=True)
    if not placeholders:
        return {}
    rows = [{"title": "", "size": 0, "updated_at": now} for _ in placeholders]
    ids = session.scalars(insert(Story).returning(Story.id, sort_by_parameter_order=True), rows).all()
    return dict(zip(placeholders, ids, strict=True))


def _write_members(session: Session, new: list[_Item], sims: dict[int, float], real: dict[int, int]) -> set[int]:
    rows: list[dict[str, Any]] = []
    for item in new:
        assert item.story is not None
        story = real.get(item.story, item.story)
        rows.append({"article_id": item.id, "story_id": story, "similarity": sims[item.id], "pinned": False})
    for start in range(0, len(rows), BATCH):
        session.execute(insert(StoryMember), rows[start : start + BATCH])
    return {r["story_id"] for r in rows}


def cluster_stories(
    session: Session,
    params: ClusterParams | None = None,
    *,
    rebuild: bool = False,
    refresh_all: bool = False,
    now: datetime | None = None,
) -> ClusterReport:
    """Place every article not yet in a story; refresh the summaries of the stories touched or re-tagged.

    ``rebuild`` first drops every unpinned membership (pinned ones, set by reviewers, stay where they are).
    Re-running without new articles changes nothing.
    """
    params = params or ClusterParams()
    now = now or utcnow()
    removed, touched = _drop_unpinned(session) if rebuild else (0, [])
    new = _new_items(session, params, now)
    joined = exact = 0
    indexed = 0
    real: dict[int, int] = {}
    stories: set[int] = set(touched)
    if new:
        span = timedelta(days=params.window_days)
        placed = list(_placed_items(session, params, new[0].at - span, new[-1].at + span, now))
        index = _Index(params, placed + new, {i.id for i in new})
        indexed = len(index.items)
        sims, joined, exact = _assign(index, new)
        real = _create_stories(session, new, now)
        stories |= _write_members(session, new, sims, real)
        session.flush()
    stories |= set(all_stories(session) if refresh_all else stale_stories(session))
    refreshed = refresh_stories(session, stories, now)
    return ClusterReport(len(new), joined, len(real), exact, indexed, refreshed, removed)
