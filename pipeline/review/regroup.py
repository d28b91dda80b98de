"""Reviewers' merges and splits of stories (the stories service pins the members, so clustering keeps them)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from pipeline.review.audit import record
from pipeline.stories import merge_stories, split_article


def merge(session: Session, keep_id: int, other_id: int, who: str) -> None:
    """Merge story ``other_id`` into ``keep_id``."""
    merge_stories(session, keep_id, other_id)
    record(session, who, "merge", keep=keep_id, other=other_id)


def split(session: Session, article_id: int, who: str) -> int:
    """Take article ``article_id`` out of its story into a story of its own; returns the new story's id."""
    story = split_article(session, article_id)
    record(session, who, "split", article_id=article_id, story_id=story.id)
    return story.id
