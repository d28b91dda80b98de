"""Adding an article by URL: fetched through the crawler (``strikewatch crawl --url``), else typed in."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.canonical import canonicalize_url, is_http_url
from pipeline.config import Settings
from pipeline.errors import InputError
from pipeline.models import Article
from pipeline.review.audit import record
from pipeline.store import ArticleIn, store_article

FETCH_TIMEOUT = 90


def find_by_url(session: Session, url: str) -> Article | None:
    return session.scalar(select(Article).where(Article.canonical_url == canonicalize_url(url)))


def crawl_url(url: str, settings: Settings) -> bool:
    """Run the crawler on one URL in a subprocess (its address guard and limits apply); True when it exited 0."""
    env = dict(os.environ, STRIKEWATCH_DATABASE_URL=settings.db_url, STRIKEWATCH_DATA_DIR=str(settings.data_dir))
    try:
        done = subprocess.run([sys.executable, "-m", "pipeline", "crawl", "--url", url], env=env,
                              capture_output=True, timeout=FETCH_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def fetch_article(session: Session, url: str, settings: Settings, who: str) -> Article | None:
    """The article at ``url``, crawled now when not stored yet; None when the crawler could not get it."""
    if not is_http_url(url):
        raise InputError(f"not an http(s) URL: {url!r}")
    article = find_by_url(session, url)
    if article is None:
        session.commit()  # the crawler writes through its own connection
        crawl_url(url, settings)
        session.expire_all()
        article = find_by_url(session, url)
    if article is not None:
        record(session, who, "add_article", article_id=article.id, url=url, fetched=True)
    return article


def add_typed(session: Session, item: ArticleIn, who: str) -> int:
    """Store an article the reviewer typed in; returns its id."""
    if not item.title.strip() or not item.text.strip():
        raise InputError("an article typed in needs a title and its text")
    item.found_by = "review"
    result = store_article(session, item)
    assert result.article_id is not None
    record(session, who, "add_article", article_id=result.article_id, url=item.url, fetched=False)
    return result.article_id


def tag_added(session: Session) -> None:
    """Tag what is untagged (the article just added) so it shows in the queue with its states and facilities."""
    from pipeline.tagging.service import tag_articles  # the spaCy pipeline loads only when an article is added
    from pipeline.tagging.tagger import Tagger

    tag_articles(session, Tagger())
