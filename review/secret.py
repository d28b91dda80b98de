"""The key that signs login sessions: ``STRIKEWATCH_SECRET_KEY``, else a random key kept in the data folder."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pipeline.config import Settings
from pipeline.errors import ConfigError

ENV_VAR = "STRIKEWATCH_SECRET_KEY"
FILE_NAME = "review_secret_key"


def _read(path: Path) -> str:
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise ConfigError(f"{path} must be readable by its owner only (chmod 600 {path})")
    key = path.read_text("ascii").strip()
    if len(key) < 32:
        raise ConfigError(f"{path} holds a key that is too short; delete it to make a new one")
    return key


def _create(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return _read(path)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key + "\n")
    return key


def load_secret_key(settings: Settings, environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    key = env.get(ENV_VAR) or settings.secret_key
    if key:
        if len(key) < 32:
            raise ConfigError(f"{ENV_VAR} must be at least 32 characters")
        return key
    path = settings.data_dir / FILE_NAME
    return _read(path) if path.exists() else _create(path)
