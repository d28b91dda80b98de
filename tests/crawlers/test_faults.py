"""A crawl over good and misbehaving local sources: every good article stored once, every failure recorded.

Everything is served on 127.0.0.1 (allowed by the test settings); a second server on 127.0.0.2 (not allowed)
proves that a redirect there is refused before anything is sent to it.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from pipeline.canonical import canonicalize_url
from pipeline.models import Article, Feed, FetchLog
from pipeline.sources import SourceSpec, add_source
from tests.crawlers.faultsite import OFF_TOPIC_TEXT, STRIKE_TEXT, article_html, rss, run_spider
from tests.support.cli import CliRunner
from tests.support.httpserver import FixtureServer

pytestmark = pytest.mark.slow

BIG = 10_000
BIG_NEW = 5
BROKEN = {  # path -> what `sources check` must say
    "/broken500.rss": "HTTP 500",
    "/busy.rss": "HTTP 429",
    "/slow.rss": "timed out",
    "/truncated.rss": "cut short",
    "/bomb.rss": "DOWNLOAD_MAXSIZE",
    "/invalid.rss": "not a valid RSS/Atom feed",
    "/html.rss": "HTML page instead",
    "/loop.rss": "too many redirects",
    "/elsewhere.rss": "refused to fetch from 127.0.0.2",
}


@pytest.fixture
def other_loopback() -> Iterator[FixtureServer]:
    """A server on 127.0.0.2, which the crawl is NOT allowed to reach."""
    server = FixtureServer(host="127.0.0.2")
    server.start()
    server.add("/feed.rss", rss("elsewhere", []), content_type="application/rss+xml")
    yield server
    server.stop()


def _page(server: FixtureServer, path: str, title: str, text: str = STRIKE_TEXT) -> str:
    server.add(path, article_html(title, text.format(where=title)), content_type="text/html; charset=utf-8")
    return path


def _feed(server: FixtureServer, path: str, entries: list[tuple[str, str]], **kw: object) -> None:
    server.add(path, rss(path, entries, server.url("")), content_type="application/rss+xml", **kw)


def _retry_after_once(server: FixtureServer, body: bytes) -> object:
    def handler(req: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        if server.hits("/ratelimited.rss") == 1:
            return 429, {"Retry-After": "1", "Content-Type": "text/plain"}, b"slow down"
        return 200, {"Content-Type": "application/rss+xml"}, body

    return handler


def build_site(server: FixtureServer, elsewhere: FixtureServer) -> dict[str, list[str]]:
    """Routes on ``server``; returns feed path -> article paths that must end up stored."""
    good = [_page(server, f"/news/good-{i}.html", f"Strike at Unit {i}") for i in range(3)]
    off = _page(server, "/news/parks-budget.html", "Parks budget passes", OFF_TOPIC_TEXT)
    _feed(server, "/good.rss", [(p, p) for p in good] + [(off, "Parks budget passes")])
    dup = _page(server, "/news/dup-only.html", "Strike at Unit 9")
    _feed(server, "/dup.rss", [(good[0] + "?utm_source=rss", "again"), (dup, "dup")])
    late = _page(server, "/news/after-429.html", "Strike after the wait")
    server.add("/ratelimited.rss", "", handler=_retry_after_once(server, rss("r", [(late, "late")], server.url(""))
                                                                      .encode()))
    cp = "/news/cp1252.html"
    server.add(cp, article_html("Strike at the café", "Strikers said “we won’t work” at the café prison. " * 12)
               .encode("cp1252"), content_type="text/html; charset=utf-8")
    _feed(server, "/charset.rss", [(cp, "café")])
    big_new = [_page(server, f"/big/new-{i}.html", f"Hunger strike day {i}") for i in range(BIG_NEW)]
    _feed(server, "/big.rss", [(f"/big/old-{i}.html", f"old {i}") for i in range(BIG - BIG_NEW)]
          + [(p, p) for p in big_new])
    # the misbehaving ones
    server.add("/broken500.rss", "oops", status=500, content_type="text/plain")
    server.add("/busy.rss", "busy", status=429, content_type="text/plain", headers={"Retry-After": "3600"})
    _feed(server, "/slow.rss", [(good[1], "slow")], delay=5)  # long: parsing the big feed stalls the reactor
    server.add("/truncated.rss", rss("t", [(good[2], "t")], server.url("")).encode()[:120],
               content_type="application/rss+xml", headers={"Content-Length": "5000", "Connection": "close"})
    server.add("/bomb.rss", gzip.compress(b"<rss>" + b" " * 20_000_000), content_type="application/rss+xml",
               headers={"Content-Encoding": "gzip"})
    server.add("/invalid.rss", "<rss><channel><item><title>unclosed", content_type="application/rss+xml")
    server.add("/html.rss", "<!doctype html><html><body><h1>Welcome</h1></body></html>", content_type="text/html")
    server.add("/loop.rss", "", status=302, headers={"Location": "/loop.rss"})
    server.add("/elsewhere.rss", "", status=302, headers={"Location": elsewhere.url("/feed.rss")})
    return {"/good.rss": good, "/dup.rss": [dup], "/ratelimited.rss": [late], "/charset.rss": [cp],
            "/big.rss": big_new}


def seed(sessions: sessionmaker[Session], server: FixtureServer, paths: list[str]) -> None:
    with sessions() as s, s.begin():
        for n, path in enumerate(paths):
            add_source(s, SourceSpec(f"Outlet {n} {path}", kind="local", state="AL", feeds=[server.url(path)]))
        big = s.scalar(select(Feed).where(Feed.url == server.url("/big.rss")))
        assert big is not None
        rows = [{"canonical_url": canonicalize_url(server.url(f"/big/old-{i}.html")), "url": server.url(
            f"/big/old-{i}.html"), "title": f"old {i}", "text": "", "outlet_id": big.outlet_id, "feed_id": big.id}
            for i in range(BIG - BIG_NEW)]
        s.execute(insert(Article), rows)


def test_mixed_good_and_broken_sources(db_url: str, sessions: sessionmaker[Session], tmp_path: Path,
                                       other_loopback: FixtureServer, monkeypatch: pytest.MonkeyPatch) -> None:
    server = FixtureServer()
    server.start()
    try:
        expected = build_site(server, other_loopback)
        seed(sessions, server, [*expected, *BROKEN])
        started = time.monotonic()
        summary = run_spider(db_url, tmp_path)
        elapsed = time.monotonic() - started
    finally:
        server.stop()

    with sessions() as s:
        stored = set(s.scalars(select(Article.canonical_url).where(~Article.url.contains("/big/old-"))))
        total = s.scalar(select(func.count()).select_from(Article))
        cafe = s.scalar(select(Article.text).where(Article.url.endswith("/news/cp1252.html")))
        failing = {f.url: f for f in s.scalars(select(Feed).where(Feed.consecutive_failures > 0))}
        logged = {url for url in s.scalars(select(FetchLog.url).where(FetchLog.kind == "error"))}
    want = {canonicalize_url(server.url(p)) for pages in expected.values() for p in pages}
    assert stored == want, summary["failures"]
    assert total == len(want) + BIG - BIG_NEW  # every good article exactly once
    assert summary["articles_filtered"] == 1  # the parks budget: counted, not kept
    assert summary["failed"] == len(BROKEN), summary["log"][-6000:]
    assert cafe is not None and "we won’t work" in cafe and "café" in cafe
    assert set(failing) == {server.url(p) for p in BROKEN}
    assert {server.url(p) for p in BROKEN} <= logged
    assert other_loopback.requests == []  # nothing was ever sent to 127.0.0.2
    hits = [t for (_, p, _), t in zip(server.requests, range(len(server.requests)), strict=False)
            if p == "/ratelimited.rss"]
    assert len(hits) == 2  # the 429 was retried once, after its Retry-After
    assert elapsed < 60

    monkeypatch.setenv("STRIKEWATCH_DATABASE_URL", db_url)
    result = CliRunner()("sources", "check")
    assert result.exit_code == 0, result.output
    for path, message in BROKEN.items():
        block = result.stdout.split(server.url(path), 1)[1].split("\n", 3)[:3]
        assert message in "\n".join(block), (path, block)
    assert f"{len(BROKEN)} failing" in result.stdout
