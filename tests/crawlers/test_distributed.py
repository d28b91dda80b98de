"""Two crawler processes share one crawl through a real local redis-server: every page fetched and stored once."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis import Redis
from sqlalchemy import func, select

from pipeline.db import make_engine, session_factory, upgrade
from pipeline.models import Article, Feed
from pipeline.sources import SourceSpec, add_source
from tests.crawlers.faultsite import REPO, STRIKE_TEXT, article_html, rss, scrapy_env
from tests.support.httpserver import FixtureServer

pytestmark = [pytest.mark.slow, pytest.mark.redis]

FEEDS = 4
PER_FEED = 8


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (Debian package redis-server)")
    port = _free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = Redis.from_url(url)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except Exception:  # noqa: BLE001 - not up yet
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield url
    finally:
        client.close()
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def site() -> Iterator[FixtureServer]:
    server = FixtureServer()
    server.start()
    for f in range(FEEDS):
        links = [f"/f{f}/story-{i}.html" for i in range(PER_FEED)]
        for i, link in enumerate(links):
            server.add(link, article_html(f"Strike report {f}-{i}", STRIKE_TEXT.format(where=f"unit {f}-{i}")),
                       content_type="text/html; charset=utf-8", delay=0.1)
        server.add(f"/f{f}.rss", rss(f"feed {f}", [(link, link) for link in links], server.url("")),
                   content_type="application/rss+xml")
    yield server
    server.stop()


def test_two_crawlers_share_one_crawl(site: FixtureServer, redis_url: str, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'shared.db'}"
    engine = make_engine(db_url)
    upgrade(engine)
    sessions = session_factory(engine)
    with sessions() as s, s.begin():
        for f in range(FEEDS):
            add_source(s, SourceSpec(f"Outlet {f}", kind="local", state="GA", feeds=[site.url(f"/f{f}.rss")]))

    env = {**scrapy_env(db_url), "STRIKEWATCH_REDIS_URL": redis_url, "STRIKEWATCH_PREFILTER": "0"}
    cmd = [sys.executable, "-m", "pipeline", "crawl", "--distributed", "--idle-seconds", "1", "--json"]
    procs = [subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outputs = [p.communicate(timeout=180) for p in procs]
    for p, (_out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err[-3000:]
    assert sum(json.loads(out)["articles_new"] for out, _ in outputs) == FEEDS * PER_FEED

    paths = Counter(path for method, path, _ in site.requests if method == "GET" and path != "/robots.txt")
    expected = {f"/f{f}.rss" for f in range(FEEDS)} | {f"/f{f}/story-{i}.html" for f in range(FEEDS)
                                                        for i in range(PER_FEED)}
    assert set(paths) == expected
    assert [p for p, n in paths.items() if n != 1] == []  # nothing fetched twice
    with sessions() as s:
        assert s.scalar(select(func.count(Article.id))) == FEEDS * PER_FEED
        assert s.scalar(select(func.count(Feed.id)).where(Feed.last_success.is_not(None))) == FEEDS
    assert Redis.from_url(redis_url).keys("strikewatch:crawl:*") == []  # the last crawler out cleaned up
    engine.dispose()
