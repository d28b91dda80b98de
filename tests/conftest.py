"""Shared fixtures: a real SQLite database in a temp folder, the CLI, and local HTTP servers on 127.0.0.1."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from pipeline.db import make_engine, session_factory, upgrade
from tests.support.cli import CliRunner
from tests.support.httpserver import FixtureServer
from tests.support.postgres import pg_schema

FIXTURES = Path(__file__).parent / "fixtures"

_PG_URL = os.environ.get("STRIKEWATCH_TEST_POSTGRES_URL")
DB_BACKENDS = ["sqlite"] + (["postgresql"] if _PG_URL else [])


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's own database, data folder or settings."""
    for key in list(os.environ):
        if key.startswith("STRIKEWATCH_") and key != "STRIKEWATCH_TEST_POSTGRES_URL":
            monkeypatch.delenv(key)
    monkeypatch.setenv("STRIKEWATCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("STRIKEWATCH_ALLOWED_PRIVATE_NETWORKS", "127.0.0.1/32")


@pytest.fixture(params=DB_BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty database: a SQLite file, and (when STRIKEWATCH_TEST_POSTGRES_URL is set) a PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    assert _PG_URL is not None
    with pg_schema(_PG_URL) as url:
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return session_factory(engine)


@pytest.fixture
def session(sessions: sessionmaker[Session]) -> Iterator[Session]:
    with sessions() as s:
        yield s


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Runs ``strikewatch`` in-process against the test database."""
    monkeypatch.setenv("STRIKEWATCH_DATABASE_URL", db_url)
    return CliRunner()


@pytest.fixture
def fixture_server() -> Iterator[FixtureServer]:
    """A real HTTP server on 127.0.0.1 (random port) serving routes the test defines."""
    server = FixtureServer()
    server.start()
    yield server
    server.stop()
