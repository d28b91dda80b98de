"""Running the Scrapy crawl from the CLI: a subprocess (fresh Twisted reactor each time; ``pipeline`` never
imports ``crawlers``), with the database URL in its environment and its summary read back as JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from redis import Redis
from redis.exceptions import RedisError

from pipeline.config import Settings
from pipeline.errors import ConfigError, FetchError

SETTINGS_MODULE = "crawlers.settings"


def distributed_env(redis_url: str, crawl_id: str, idle_seconds: float) -> dict[str, str]:
    """The environment that makes the crawler share its queue and duplicate filter in Redis."""
    if not redis_url:
        raise ConfigError("--distributed needs STRIKEWATCH_REDIS_URL, e.g. redis://127.0.0.1:6379/0")
    try:
        Redis.from_url(redis_url, socket_connect_timeout=5).ping()
    except RedisError as exc:
        raise ConfigError(f"cannot reach Redis at {redis_url}: {exc}") from exc
    if idle_seconds < 0:
        raise ConfigError("--idle-seconds must not be negative")
    return {"STRIKEWATCH_DISTRIBUTED": "1", "STRIKEWATCH_CRAWL_ID": crawl_id,
            "STRIKEWATCH_IDLE_SECONDS": str(idle_seconds)}


def crawl_command(spider: str, summary: Path, sources: Path | None, feeds: Sequence[str], verbose: bool) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider, "-s", f"STRIKEWATCH_SUMMARY_FILE={summary}",
           "-L", "INFO" if verbose else "WARNING"]
    if sources is not None:
        cmd += ["-a", f"sources={sources.resolve()}"]
    if feeds:
        cmd += ["-a", "feeds=" + " ".join(feeds)]
    return cmd


def run_crawl(
    settings: Settings,
    sources: Path | None = None,
    feeds: Sequence[str] = (),
    extra_env: Mapping[str, str] | None = None,
    verbose: bool = False,
    spider: str = "feeds",
) -> dict[str, Any]:
    """Crawl and return the summary (sources checked, not modified, failed, new articles, failures).

    Raises ``FetchError`` only when the crawl itself could not run; failing sources are in the summary.
    """
    env = {**os.environ, **(extra_env or {}), "STRIKEWATCH_DATABASE_URL": settings.db_url,
           "SCRAPY_SETTINGS_MODULE": SETTINGS_MODULE}
    with tempfile.TemporaryDirectory(prefix="strikewatch-crawl-") as tmp:
        summary = Path(tmp) / "summary.json"
        cmd = crawl_command(spider, summary, sources, feeds, verbose)
        try:
            code = subprocess.run(cmd, env=env, cwd=tmp, check=False).returncode
        except OSError as exc:
            raise FetchError(f"cannot start the crawler: {exc}") from exc
        if code != 0 or not summary.is_file():
            raise FetchError(f"the crawl could not run (scrapy exited with status {code}); see the messages above")
        data: dict[str, Any] = json.loads(summary.read_text("utf-8"))
        return data
