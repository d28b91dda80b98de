"""Crawl fixtures: the fixture site under tests/fixtures/crawl served on 127.0.0.1, and Scrapy in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES
from tests.support.httpserver import FixtureServer

CRAWL_FIXTURES = FIXTURES / "crawl"
REPO = Path(__file__).resolve().parents[2]
BAD_FEEDS = {
    "/feeds/invalid.xml": "not a valid RSS/Atom feed",
    "/feeds/html-instead.xml": "HTML page instead of an RSS/Atom feed",
    "/feeds/empty.xml": "empty response body",
    "/feeds/gone.rss": "HTTP 404 Not Found",
    "/feeds/broken.rss": "HTTP 500 Internal Server Error",
    "/feeds/loop.rss": "too many redirects",
    "/feeds/slow.rss": "timed out",
}


@pytest.fixture
def crawl_site() -> Iterator[FixtureServer]:
    """The fixture newsroom, plus misbehaving feed routes."""
    server = FixtureServer(root=CRAWL_FIXTURES)
    server.start()
    server.add("/feeds/broken.rss", b"oops", status=500, content_type="text/plain")
    server.add("/feeds/loop.rss", b"", status=302, headers={"Location": "/feeds/loop.rss"})
    server.add("/feeds/slow.rss", (CRAWL_FIXTURES / "feeds/good.rss").read_bytes(), content_type="application/xml",
               delay=2.5)
    yield server
    server.stop()


RunCrawl = Callable[..., dict[str, Any]]


@pytest.fixture
def run_scrapy(db_url: str, tmp_path: Path) -> RunCrawl:
    """``scrapy crawl feeds ARGS`` in a subprocess against the test database; returns the crawl summary."""
    count = 0

    def run(*args: str) -> dict[str, Any]:
        nonlocal count
        count += 1
        summary = tmp_path / f"summary-{count}.json"
        env = {**os.environ, "STRIKEWATCH_DATABASE_URL": db_url, "STRIKEWATCH_POLITE": "0",
               "STRIKEWATCH_PREFILTER": "0", "SCRAPY_SETTINGS_MODULE": "crawlers.settings"}
        cmd = [sys.executable, "-m", "scrapy", "crawl", "feeds", "-L", "INFO",
               "-s", f"STRIKEWATCH_SUMMARY_FILE={summary}", "-s", "DOWNLOAD_TIMEOUT=1",
               "-s", "RETRY_TIMES=0", "-s", "STRIKEWATCH_PROGRESS=0", *args]
        proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False)
        assert proc.returncode == 0, proc.stderr[-4000:]
        assert summary.is_file(), proc.stderr[-4000:]
        result: dict[str, Any] = json.loads(summary.read_text("utf-8"))
        result["log"] = proc.stderr
        return result

    return run
