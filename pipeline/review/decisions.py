"""The team's decisions on the day's items: approve, reject, pin, edit the summary."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.errors import InputError
from pipeline.models import Article, Review, Story, utcnow
from pipeline.review.audit import record
from pipeline.review.queue import ITEM_TYPES, STATUSES

MAX_SUMMARY = 2000


def check_item(session: Session, item_type: str, item_id: int) -> None:
    """Raise ``InputError`` unless the story or article exists."""
    if item_type not in ITEM_TYPES:
        raise InputError(f"item type must be story or article, not {item_type!r}")
    model = Story if item_type == "story" else Article
    if session.get(model, item_id) is None:
        raise InputError(f"no {item_type} {item_id}")


def get_review(session: Session, day: date, item_type: str, item_id: int) -> Review:
    """The review row of the item for the day, created (pending) when new."""
    review = session.scalar(select(Review).where(Review.day == day, Review.item_type == item_type,
                                                 Review.item_id == item_id))
    if review is None:
        check_item(session, item_type, item_id)
        review = Review(day=day, item_type=item_type, item_id=item_id, status="pending", pinned=False)
        session.add(review)
    return review


def _touch(review: Review, who: str) -> None:
    review.who, review.at = who, utcnow()


def set_status(session: Session, day: date, item_type: str, item_id: int, status: str, who: str) -> Review:
    if status not in STATUSES:
        raise InputError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    review = get_review(session, day, item_type, item_id)
    review.status = status
    _touch(review, who)
    action = {"approved": "approve", "rejected": "reject", "pending": "reset"}[status]
    record(session, who, action, day=day.isoformat(), item_type=item_type, item_id=item_id)
    return review


def set_pinned(session: Session, day: date, item_type: str, item_id: int, pinned: bool, who: str) -> Review:
    review = get_review(session, day, item_type, item_id)
    review.pinned = pinned
    _touch(review, who)
    record(session, who, "pin" if pinned else "unpin", day=day.isoformat(), item_type=item_type, item_id=item_id)
    return review


def set_summary(session: Session, day: date, item_type: str, item_id: int, summary: str, who: str) -> Review:
    summary = summary.strip()
    if len(summary) > MAX_SUMMARY:
        raise InputError(f"a summary has at most {MAX_SUMMARY} characters")
    review = get_review(session, day, item_type, item_id)
    old = review.summary
    review.summary = summary or None
    _touch(review, who)
    record(session, who, "edit_summary", day=day.isoformat(), item_type=item_type, item_id=item_id,
           old=old, new=review.summary)
    return review


def approved_items(session: Session, day: date) -> list[tuple[str, int]]:
    stmt = select(Review.item_type, Review.item_id).where(Review.day == day, Review.status == "approved")
    return [(t, i) for t, i in session.execute(stmt).tuples()]
