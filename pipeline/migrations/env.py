"""Alembic environment: uses the engine handed over by ``pipeline.db.upgrade`` (or STRIKEWATCH_DATABASE_URL)."""

from alembic import context

from pipeline.config import load_settings
from pipeline.db import make_engine
from pipeline.models import Base

config = context.config
engine = config.attributes.get("engine") or make_engine(load_settings().db_url)

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
