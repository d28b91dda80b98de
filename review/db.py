"""One database session per request, from the session factory the app was built with."""

from __future__ import annotations

from flask import current_app, g
from sqlalchemy.orm import Session, sessionmaker

EXTENSION = "strikewatch"


def factory() -> sessionmaker[Session]:
    return current_app.extensions[EXTENSION].sessions


def get_db() -> Session:
    if "db" not in g:
        g.db = factory()()
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()
