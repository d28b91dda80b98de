"""The generated benchmark site: served on 127.0.0.1, one page in ten strike coverage, wire copies shared."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest

from bench.sites import LocalSite, SiteSpec, articles, strike_paths


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return bytes(response.read())


def test_site_serves_each_feed_and_its_pages() -> None:
    spec = SiteSpec(feeds=2, per_feed=20)
    with LocalSite(spec) as site:
        feed = _get(f"{site.base_url}/outlet001/feed.rss").decode()
        links = re.findall(r"<link>(http[^<]+\.html)</link>", feed)
        assert len(links) == 20
        assert b"<article>" in _get(links[0])
        with pytest.raises(urllib.error.HTTPError):
            _get(f"{site.base_url}/nowhere.html")


def test_one_page_in_ten_is_strike_coverage() -> None:
    spec = SiteSpec(feeds=10, per_feed=100)
    assert len(strike_paths(spec)) == spec.feeds * spec.per_feed // 10


def test_wire_copies_appear_at_several_outlets_but_once_per_outlet() -> None:
    spec = SiteSpec(feeds=10, per_feed=100)
    texts: dict[str, set[str]] = {}
    for i in range(spec.feeds):
        slug = f"outlet{i:03d}"
        mine = [a.text for a in articles(spec, slug) if a.strike]
        assert len(mine) == len(set(mine))
        for text in mine:
            texts.setdefault(text, set()).add(slug)
    assert max(len(outlets) for outlets in texts.values()) >= 5
