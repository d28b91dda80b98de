"""Preview and publish a day's digest through the digest area's site writer (``digests.site``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from digests import render, site
from digests.build import build_digest
from pipeline.config import Settings
from pipeline.models import PublishedDigest, utcnow
from pipeline.review.audit import record


def site_path(day: date) -> str:
    """The day's page, relative to the site folder."""
    return f"{site.DAYS}/{day.isoformat()}/index.html"


def preview_html(session: Session, day: date, settings: Settings) -> str:
    """The day's HTML page as publishing would write it (only approved items once a review exists for the day)."""
    digest = build_digest(session, day, settings)
    today, so_far = site.day_maps(digest, {})
    return render.day_html(digest, today, so_far, {})


def publish_day(session: Session, day: date, settings: Settings, who: str) -> str:
    """Render the day's digest into the site folder and record it; returns the day page's path in the site."""
    site.write_site(session, day, settings)
    path = site_path(day)
    row = last_published(session, day)
    if row is None:
        row = PublishedDigest(day=day, path=path)
        session.add(row)
    row.published_at, row.who, row.path = utcnow(), who, path
    record(session, who, "publish", day=day.isoformat(), path=path)
    return path


def last_published(session: Session, day: date) -> PublishedDigest | None:
    return session.scalar(select(PublishedDigest).where(PublishedDigest.day == day))
