"""One settings object, read once from the environment (prefix ``STRIKEWATCH_``) and overridden by flags."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipeline.errors import ConfigError

ENV_PREFIX = "STRIKEWATCH_"


def default_data_dir() -> Path:
    """``$STRIKEWATCH_DATA_DIR``, else ``$XDG_DATA_HOME/strikewatch``, else ``~/.local/share/strikewatch``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "strikewatch"


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    """Every setting, with its one-line help in ``metadata['help']`` (the README lists them)."""

    data_dir: Path = field(
        default_factory=default_data_dir,
        metadata={"help": "Folder for the default SQLite database, the lock file and rendered sites."},
    )
    database_url: str = field(
        default="", metadata={"help": "SQLAlchemy URL; default: SQLite file strikewatch.db in the data folder."}
    )
    timezone: str = field(
        default="America/New_York", metadata={"help": "Time zone whose calendar days count as days."}
    )
    user_agent: str = field(
        default="strikewatch/0.1 (+https://github.com/strikewatch/strikewatch; media monitoring)",
        metadata={"help": "User-Agent sent by the crawler; it names the tool."},
    )
    allowed_private_networks: tuple[str, ...] = field(
        default=(), metadata={"help": "Comma-separated addresses/CIDR networks the crawler may fetch from."}
    )
    polite: bool = field(
        default=True, metadata={"help": "Delays and AutoThrottle (robots.txt is always obeyed); 0 only for benchmarks."}
    )
    prefilter: bool = field(
        default=True, metadata={"help": "Store only crawled pages with strike vocabulary (others are counted); 0: all."}
    )
    hashtags: tuple[str, ...] = field(
        default=("#PrisonStrike", "#EndPrisonSlavery"),
        metadata={"help": "Comma-separated campaign hashtags added to ready-made posts."},
    )
    redis_url: str = field(default="", metadata={"help": "Redis URL for distributed crawling."})
    secret_key: str = field(
        default="", repr=False,
        metadata={"help": "Key signing review-app logins (32+ characters); default: a random key in the data folder."},
    )
    site_dir: Path | None = field(
        default=None, metadata={"help": "Where digests are rendered; default: site/ in the data folder."}
    )

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'strikewatch.db'}"

    @property
    def output_dir(self) -> Path:
        return self.site_dir or self.data_dir / "site"

    @property
    def tz(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(f"unknown time zone {self.timezone!r} (STRIKEWATCH_TIMEZONE)") from exc

    def with_overrides(self, **values: Any) -> Settings:
        """A copy with the given flags applied; ``None`` means 'flag not given'. Each value has its field's type."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def _convert(name: str, raw: str, default: object) -> Any:
    """``raw`` as the type of the field ``name`` (whose default is ``default``)."""
    if isinstance(default, bool):
        if raw.lower() in {"1", "true", "yes", "on"}:
            return True
        if raw.lower() in {"0", "false", "no", "off"}:
            return False
        raise ConfigError(f"{ENV_PREFIX}{name.upper()} must be 1 or 0, not {raw!r}")
    if isinstance(default, tuple):
        return _split(raw)
    if name in {"data_dir", "site_dir"}:
        return Path(raw).expanduser()
    return raw


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Read settings from ``environ`` (default: ``os.environ``)."""
    env = os.environ if environ is None else environ
    base = Settings()
    values: dict[str, Any] = {}  # field name -> value of that field's type
    for f in fields(Settings):
        raw = env.get(ENV_PREFIX + f.name.upper())
        if raw is not None:
            values[f.name] = _convert(f.name, raw, getattr(base, f.name))
    settings = replace(base, **values)
    _ = settings.tz  # validate early
    return settings


def settings_help() -> list[tuple[str, str]]:
    """(environment variable, help) for every setting."""
    return [(ENV_PREFIX + f.name.upper(), f.metadata["help"]) for f in fields(Settings)]
