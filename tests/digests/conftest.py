"""Fixtures of the digest tests: the fixture day in a real SQLite database, and golden-file comparison.

Golden files are regenerated only on request: ``pytest tests/digests --update-golden`` (or ``UPDATE_GOLDEN=1``);
review the diff before committing them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from pipeline.config import Settings
from tests.digests.fixtures import seed_day

GOLDEN = Path(__file__).parent / "golden"
_UPDATE_ENV = os.environ.get("UPDATE_GOLDEN") == "1"  # read at import: the autouse fixture clears STRIKEWATCH_*


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite tests/digests/golden from the current output instead of comparing.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return _UPDATE_ENV or bool(request.config.getoption("--update-golden", default=False))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", timezone="America/New_York",
                    hashtags=("#PrisonStrike", "#EndPrisonSlavery"))


@pytest.fixture
def seeded(sessions: sessionmaker[Session]) -> dict[str, int]:
    """The fixture day committed to the test database; returns the ids tests refer to."""
    with sessions() as s, s.begin():
        return seed_day(s)


@pytest.fixture
def golden(update_golden: bool) -> Callable[[str, bytes], None]:
    """Compare ``data`` to the golden file ``name`` byte for byte (or rewrite it when asked)."""

    def check(name: str, data: bytes) -> None:
        path = GOLDEN / name
        if update_golden:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            return
        assert path.exists(), f"no golden file {path}; run pytest tests/digests --update-golden and review it"
        assert data == path.read_bytes(), f"{name} differs from its golden file (see git diff after --update-golden)"

    return check
