"""What an entry point builds once: settings, the engine and the session factory."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from pipeline.config import Settings
from pipeline.db import ensure_current, make_engine, session_factory


@dataclass
class Runtime:
    settings: Settings
    _engine: Engine | None = field(default=None, repr=False)
    _checked: bool = field(default=False, repr=False)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.settings.db_url)
        return self._engine

    def sessions(self, check: bool = True) -> sessionmaker[Session]:
        """The session factory; by default first checks that the schema is initialised and current."""
        if check and not self._checked:
            ensure_current(self.engine)
            self._checked = True
        return session_factory(self.engine)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
