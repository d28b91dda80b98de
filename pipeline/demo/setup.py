"""The demo's own database and folders: fresh each run unless the user named a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.actions import add_actions, check_action
from pipeline.config import Settings
from pipeline.demo.site import Outlet
from pipeline.models import Article
from pipeline.models import Outlet as OutletRow
from pipeline.sources import add_source

DEMO_DB = "strikewatch-demo.db"


def demo_settings(settings: Settings) -> Settings:
    """Settings for the demo: an explicit database is honoured; by default a SQLite file under ``<data>/demo``."""
    folder = settings.data_dir / "demo"
    url = settings.database_url or f"sqlite:///{folder / DEMO_DB}"
    return replace(settings, database_url=url, site_dir=settings.site_dir or folder / "site")


def remove_default_database(settings: Settings) -> Path | None:
    """Delete the default demo database (and its WAL files) so each run starts fresh; returns its path."""
    if settings.database_url:
        return None
    path = settings.data_dir / "demo" / DEMO_DB
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def add_demo_sources(session: Session, outlets: list[Outlet]) -> int:
    """Add the newsroom's outlets and feeds; returns the number of feeds added."""
    return sum(len(add_source(session, outlet.source())[1]) for outlet in outlets)


def stored_by_outlet(session: Session, names: list[str]) -> dict[str, int]:
    """Articles stored per demo outlet."""
    rows = session.execute(
        select(OutletRow.name, func.count(Article.id)).join(Article, Article.outlet_id == OutletRow.id)
        .where(OutletRow.name.in_(names)).group_by(OutletRow.name)
    )
    counts = {name: 0 for name in names}
    counts.update({name: count for name, count in rows})
    return counts


def add_demo_actions(session: Session, newsroom: dict[str, Any], today: date) -> int:
    """The newsroom's action reports, dated back from ``today``."""
    actions = [check_action(a["state"], today - timedelta(days=int(a["days_ago"])), a["kind"], a.get("facility", ""),
                            a.get("note", ""), today) for a in newsroom.get("action", [])]
    return add_actions(session, actions, who="demo").added
