"""Feed discovery against a local outlet; the address guard applies to every hop."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.discover import alternate_links, discover, make_fetcher
from pipeline.models import Feed
from pipeline.netguard import AddressRefused, NetGuard
from tests.support.cli import CliRunner
from tests.support.httpserver import FixtureServer

RSS = ('<?xml version="1.0"?><rss version="2.0"><channel><title>County News</title><link>http://x/</link>'
       "<item><title>One</title><link>http://x/1</link></item></channel></rss>")
ATOM = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>'
        '<id>urn:x</id><updated>2024-05-01T00:00:00Z</updated><entry><title>A</title><id>urn:a</id>'
        '<link href="http://x/a"/><updated>2024-05-01T00:00:00Z</updated></entry></feed>')
GUARD = NetGuard.from_strings(["127.0.0.1/32"])


def test_alternate_links_are_resolved_and_deduplicated() -> None:
    html = (b'<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml">'
            b'<link rel="alternate" type="application/rss+xml" href="/rss.xml">'
            b'<link rel="alternate" type="text/html" hreflang="es" href="/es/">'
            b'<link rel="stylesheet" href="/s.css"></head></html>')
    assert alternate_links(html, "http://news.example/a/") == ["http://news.example/rss.xml"]


def test_announced_feeds_and_robots_sitemaps(fixture_server: FixtureServer) -> None:
    fixture_server.add("/", '<html><head><title>County News</title><link rel="alternate" '
                       'type="application/rss+xml" href="/news.rss"><link rel="alternate" '
                       'type="application/atom+xml" href="/moved.atom"></head><body>hi</body></html>')
    fixture_server.add("/news.rss", RSS, content_type="application/rss+xml")
    fixture_server.add("/moved.atom", "", status=301, headers={"Location": "/atom.xml"})
    fixture_server.add("/atom.xml", ATOM, content_type="application/atom+xml")
    fixture_server.add("/robots.txt", "User-agent: *\nSitemap: /news-sitemap.xml\n", content_type="text/plain")
    title, found = discover(fixture_server.url("/"), make_fetcher(GUARD, "test", 2))
    assert title == "County News"
    assert [(f.kind, f.url.rsplit("/", 1)[1], f.entries) for f in found] == [
        ("feed", "news.rss", 1), ("feed", "atom.xml", 1), ("sitemap", "news-sitemap.xml", 0)]


def test_common_paths_when_nothing_is_announced(fixture_server: FixtureServer) -> None:
    fixture_server.add("/", "<html><head><title>Quiet</title></head></html>")
    fixture_server.add("/index.xml", RSS, content_type="application/xml")
    fixture_server.add("/feed/", "<html><body>not a feed</body></html>")
    _, found = discover(fixture_server.url("/"), make_fetcher(GUARD, "test", 2))
    assert [f.url for f in found] == [fixture_server.url("/index.xml")]


def test_redirect_to_a_refused_address_is_not_followed(fixture_server: FixtureServer) -> None:
    fixture_server.add("/", "", status=302, headers={"Location": "http://127.0.0.2:9/"})
    with pytest.raises(AddressRefused, match="127.0.0.2"):
        discover(fixture_server.url("/"), make_fetcher(GUARD, "test", 2))


def test_cli_discover_add(cli: CliRunner, fixture_server: FixtureServer, session: Session) -> None:
    fixture_server.add("/", '<html><head><title>County News</title><link rel="alternate" '
                       'type="application/rss+xml" href="/news.rss"></head></html>')
    fixture_server.add("/news.rss", RSS, content_type="application/rss+xml")
    result = cli("sources", "discover", fixture_server.url("/"), "--add", "--state", "ga")
    assert result.exit_code == 0, result.output
    assert "news.rss" in result.stdout and "1 new source(s)" in result.stdout
    feed = session.scalar(select(Feed).where(Feed.url == fixture_server.url("/news.rss")))
    assert feed is not None and feed.outlet.name == "County News" and feed.outlet.home_state == "GA"
