"""The database: SQLAlchemy 2 typed models. Schema changes go through Alembic (``pipeline/migrations``)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

OUTLET_KINDS = ("mainstream", "local", "movement", "wire")
ACTION_KINDS = ("work stoppage", "hunger strike", "boycott", "sit-in", "other")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes stored as UTC on every backend (SQLite drops the offset otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


class Outlet(Base):
    """A publisher: newspaper, wire service, movement site, search feed."""

    __tablename__ = "outlets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    homepage: Mapped[str | None] = mapped_column(String(2000))
    home_state: Mapped[str | None] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(20), default="mainstream")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    feeds: Mapped[list[Feed]] = relationship(back_populates="outlet", cascade="all, delete-orphan")
    articles: Mapped[list[Article]] = relationship(back_populates="outlet")


class Feed(Base):
    """A crawlable source of an outlet: an RSS/Atom feed, a sitemap or a site section, with its health."""

    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    title: Mapped[str | None] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(20), default="feed")  # feed | sitemap | site
    rules: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # site spider link rules, depth, age
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_checked: Mapped[datetime | None]
    last_success: Mapped[datetime | None]
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_check: Mapped[datetime | None]
    poll_interval: Mapped[int] = mapped_column(Integer, default=3600)  # seconds
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    outlet: Mapped[Outlet] = relationship(back_populates="feeds")


class Article(Base):
    """One article, one row: the canonical URL is unique."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    canonical_url: Mapped[str] = mapped_column(String(2000), unique=True)
    url: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str | None] = mapped_column(String(500))
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    date_source: Mapped[str | None] = mapped_column(String(20))  # feed | page | fetched
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    language: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id", ondelete="SET NULL"), index=True)
    feed_id: Mapped[int | None] = mapped_column(ForeignKey("feeds.id", ondelete="SET NULL"))
    found_by: Mapped[str | None] = mapped_column(String(100))  # spider name or "import"/"review"

    outlet: Mapped[Outlet | None] = relationship(back_populates="articles")
    tag: Mapped[ArticleTag | None] = relationship(back_populates="article", cascade="all, delete-orphan")
    mentions: Mapped[list[Mention]] = relationship(back_populates="article", cascade="all, delete-orphan")


class FetchLog(Base):
    """Errors (and notable events) met while fetching, recorded against their source."""

    __tablename__ = "fetch_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    feed_id: Mapped[int | None] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    status: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40), default="error")
    message: Mapped[str] = mapped_column(Text)


class SeenUrl(Base):
    """A page fetched but not kept (no strike vocabulary, too old): crawls skip it instead of fetching it again."""

    __tablename__ = "seen_urls"

    id: Mapped[int] = mapped_column(primary_key=True)
    canonical_url: Mapped[str] = mapped_column(String(2000), unique=True)
    feed_id: Mapped[int | None] = mapped_column(ForeignKey("feeds.id", ondelete="SET NULL"))
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(String(40))


class ArticleTag(Base):
    """The tagger's verdict on one article (corrections win over it; see ``Correction``)."""

    __tablename__ = "article_tags"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    relevant: Mapped[bool] = mapped_column(Boolean, index=True)
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    states: Mapped[list[Any]] = mapped_column(JSON, default=list)
    facilities: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"id":..., "name":..., "state":...}]
    primary_states: Mapped[list[Any]] = mapped_column(JSON, default=list)
    language: Mapped[str | None] = mapped_column(String(20))
    notes: Mapped[list[Any]] = mapped_column(JSON, default=list)  # truncated, non-English, empty ...
    tagger_version: Mapped[str] = mapped_column(String(40))
    tagged_at: Mapped[datetime] = mapped_column(default=utcnow)

    article: Mapped[Article] = relationship(back_populates="tag")


class Mention(Base):
    """One place in an article's text where a state or facility is spoken of."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # state | facility
    canonical_id: Mapped[str] = mapped_column(String(100), index=True)
    name: Mapped[str] = mapped_column(String(500))
    surface: Mapped[str] = mapped_column(String(500))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(10), default="text")  # title | text

    article: Mapped[Article] = relationship(back_populates="mentions")


class Correction(Base):
    """A reviewer's correction of the tagger; applied after every (re-)tagging."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(20))  # state | facility | relevant
    action: Mapped[str] = mapped_column(String(10))  # add | remove | set
    value: Mapped[str] = mapped_column(String(500))
    who: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Story(Base):
    """One story: an article and its syndicated or near-duplicate copies."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    first_seen: Mapped[datetime | None] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    size: Mapped[int] = mapped_column(Integer, default=1)
    outlets: Mapped[list[Any]] = mapped_column(JSON, default=list)
    outlet_states: Mapped[list[Any]] = mapped_column(JSON, default=list)
    states: Mapped[list[Any]] = mapped_column(JSON, default=list)
    facilities: Mapped[list[Any]] = mapped_column(JSON, default=list)
    relevant: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list[StoryMember]] = relationship(back_populates="story", cascade="all, delete-orphan")


class StoryMember(Base):
    __tablename__ = "story_members"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    similarity: Mapped[float] = mapped_column(Float, default=1.0)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)  # set by a reviewer's merge/split

    story: Mapped[Story] = relationship(back_populates="members")


class ActionReport(Base):
    """An action reported from inside (by the media team): the other half of blackout watch."""

    __tablename__ = "action_reports"
    __table_args__ = (UniqueConstraint("state", "facility", "day", "kind", name="uq_action_reports_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(2), index=True)
    facility: Mapped[str] = mapped_column(String(500), default="")
    day: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Breakthrough(Base):
    """First relevant mainstream article about a state, first coverage of a facility."""

    __tablename__ = "breakthroughs"
    __table_args__ = (UniqueConstraint("kind", "key", name="uq_breakthroughs_kind_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))  # state_mainstream | facility_first
    key: Mapped[str] = mapped_column(String(200))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]


class Review(Base):
    """The media team's decision on one item of one day's digest."""

    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("day", "item_type", "item_id", name="uq_reviews_item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    item_type: Mapped[str] = mapped_column(String(10))  # story | article
    item_id: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending | approved | rejected
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    summary: Mapped[str | None] = mapped_column(Text)
    who: Mapped[str | None] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """Every review action, with who and when."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    who: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class PublishedDigest(Base):
    __tablename__ = "published_digests"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    who: Mapped[str | None] = mapped_column(String(100))
    path: Mapped[str] = mapped_column(String(2000))


class User(Base):
    """A review account."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


Index("ix_mentions_kind_canonical", Mention.kind, Mention.canonical_id)
