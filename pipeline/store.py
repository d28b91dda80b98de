"""Storing articles and outlets: idempotent upserts, duplicates counted, never stored twice."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.canonical import canonicalize_url, is_http_url
from pipeline.db import insert_or_skip
from pipeline.errors import InputError
from pipeline.models import OUTLET_KINDS, Article, Outlet, utcnow

MAX_TEXT_CHARS = 200_000
SUMMARY_CHARS = 320
FUTURE_SLACK = timedelta(hours=2)
_WS = re.compile(r"\s+")


@dataclass
class ArticleIn:
    """An article as found by a spider, an import or a reviewer, before storage."""

    url: str
    title: str = ""
    text: str = ""
    published: datetime | None = None
    date_source: str | None = None
    author: str | None = None
    language: str | None = None
    summary: str | None = None
    outlet_id: int | None = None
    feed_id: int | None = None
    found_by: str | None = None


@dataclass(frozen=True)
class StoreResult:
    article_id: int | None
    created: bool
    reason: str = ""  # why nothing was stored: "same URL", "same text"


def content_hash(text: str) -> str | None:
    """Hash of the whitespace-folded, lower-cased text; ``None`` for texts too short to compare."""
    folded = _WS.sub(" ", text).strip().lower()
    if len(folded) < 200:
        return None
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def make_summary(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The text's opening, cut at a word boundary."""
    folded = _WS.sub(" ", text).strip()
    if len(folded) <= limit:
        return folded
    cut = folded[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def check_published(published: datetime | None, now: datetime | None = None) -> datetime | None:
    """A usable publication time: timezone-aware, and not in the future (future dates are rejected)."""
    if published is None:
        return None
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    now = now or utcnow()
    if published > now + FUTURE_SLACK:
        return None
    return published


def store_article(session: Session, item: ArticleIn) -> StoreResult:
    """Insert ``item`` unless its canonical URL (or its exact text at the same outlet) is stored already.

    Safe against concurrent writers: the unique canonical URL is enforced by the database.
    """
    if not is_http_url(item.url):
        raise InputError(f"not an http(s) URL: {item.url!r}")
    canonical = canonicalize_url(item.url)
    text = (item.text or "")[:MAX_TEXT_CHARS]
    chash = content_hash(text)
    if chash is not None:
        same_outlet = Article.outlet_id.is_(None) if item.outlet_id is None else Article.outlet_id == item.outlet_id
        same = session.scalar(select(Article.id).where(Article.content_hash == chash, same_outlet).limit(1))
        if same is not None:
            return StoreResult(same, False, "same text")
    published = check_published(item.published)
    now = utcnow()
    values = {
        "canonical_url": canonical,
        "url": item.url,
        "title": (item.title or "").strip()[:2000],
        "text": text,
        "author": (item.author or None) and item.author[:500],
        "published_at": published or now,
        "date_source": item.date_source if published else "fetched",
        "fetched_at": now,
        "language": item.language,
        "summary": item.summary or make_summary(text) or None,
        "content_hash": chash,
        "outlet_id": item.outlet_id,
        "feed_id": item.feed_id,
        "found_by": item.found_by,
    }
    stmt = insert_or_skip(session, Article, "canonical_url").values(**values)
    result = session.execute(stmt.returning(Article.id))
    new_id = result.scalar()
    if new_id is not None:
        return StoreResult(new_id, True)
    existing = session.scalar(select(Article.id).where(Article.canonical_url == canonical))
    return StoreResult(existing, False, "same URL")


def get_or_create_outlet(
    session: Session,
    name: str,
    homepage: str | None = None,
    home_state: str | None = None,
    kind: str | None = None,
) -> Outlet:
    """The outlet called ``name``, created when new; given fields fill in what it lacks."""
    name = name.strip()
    if not name:
        raise InputError("an outlet needs a name")
    if kind is not None and kind not in OUTLET_KINDS:
        raise InputError(f"outlet kind must be one of {', '.join(OUTLET_KINDS)}, not {kind!r}")
    outlet = session.scalar(select(Outlet).where(Outlet.name == name))
    if outlet is None:
        stmt = insert_or_skip(session, Outlet, "name").values(
            name=name, homepage=homepage, home_state=home_state, kind=kind or "mainstream", created_at=utcnow())
        session.execute(stmt)
        outlet = session.scalar(select(Outlet).where(Outlet.name == name))
        assert outlet is not None
        return outlet
    if homepage and not outlet.homepage:
        outlet.homepage = homepage
    if home_state and not outlet.home_state:
        outlet.home_state = home_state
    if kind and outlet.kind != kind and outlet.kind == "mainstream":
        outlet.kind = kind
    return outlet
