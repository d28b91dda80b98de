"""A lock so that two daily runs never overlap: a PostgreSQL advisory lock, or a lock file beside SQLite."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

from pipeline.errors import LockedError

ADVISORY_KEY = 0x5357_0001  # "SW" + 1: the daily run


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive, non-blocking ``flock`` on ``path``; released when the process dies, too."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
            raise LockedError(f"another strikewatch run is in progress (pid {holder}; lock {path})") from exc
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


@contextmanager
def advisory_lock(engine: Engine, key: int = ADVISORY_KEY) -> Iterator[None]:
    """Hold a session-level PostgreSQL advisory lock: one run across every machine sharing the database."""
    with engine.connect() as conn:
        if not conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
            raise LockedError("another strikewatch run is in progress (PostgreSQL advisory lock held)")
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
            conn.commit()


@contextmanager
def run_lock(engine: Engine, data_dir: Path) -> Iterator[None]:
    if engine.dialect.name == "postgresql":
        with advisory_lock(engine):
            yield
    else:
        with file_lock(data_dir / "run.lock"):
            yield
