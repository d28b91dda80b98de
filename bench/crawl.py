"""Benchmark: pages per second of the whole ``strikewatch crawl`` beside a bare Scrapy spider fetching the same
pages, both with politeness off (``STRIKEWATCH_POLITE=0``), on a generated site served on 127.0.0.1.

    .venv/bin/python -m bench crawl [--quick]

Full size: 50 feeds x 100 pages (5,050 fetches), one page in ten strike coverage. Target: the crawl at least a
third of the bare rate, with every strike page stored. The bare spider runs before and after the crawl (their mean
is the baseline), so a busy machine slows both. Also measured (full size): the bare spider against the standard
library's ThreadingHTTPServer, to show whether the server limits the rate.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bench.common import PY, bench_env, measure, table
from bench.sites import LocalSite, SiteSpec, feed_urls, strike_paths

QUICK = SiteSpec(feeds=10, per_feed=50)
FULL = SiteSpec(feeds=50, per_feed=100)
TARGET = 1 / 3


def crawl_env(tmp: Path) -> dict[str, str]:
    return bench_env(tmp, STRIKEWATCH_POLITE="0", STRIKEWATCH_ALLOWED_PRIVATE_NETWORKS="127.0.0.1/32",
                     SCRAPY_SETTINGS_MODULE="crawlers.settings")


def bare(site: LocalSite, tmp: Path, tag: str) -> dict[str, Any]:
    feeds = tmp / "feeds.txt"
    feeds.write_text("\n".join(feed_urls(site.base_url, site.spec)))
    stats = tmp / f"bare-{tag}.json"
    m = measure([PY, "-m", "bench.barespider", str(feeds), str(stats)], crawl_env(tmp)).check()
    got = json.loads(stats.read_text())
    fetched = got["pages"] + len(feed_urls(site.base_url, site.spec))
    return {"run": f"bare Scrapy spider ({tag})", "seconds": m.seconds, "fetched": fetched,
            "pages_per_s": fetched / m.seconds, "peak_mb": m.peak_mb}


def full_crawl(site: LocalSite, tmp: Path, init: bool = True) -> tuple[dict[str, Any], dict[str, Any]]:
    env = crawl_env(tmp)
    if init:
        subprocess.run([PY, "-m", "pipeline", "init", "--no-sources"], env=env, check=True, capture_output=True)
    opml = site.write_opml(tmp / "site.opml")
    m = measure([PY, "-m", "pipeline", "crawl", "--sources", str(opml), "--json"], env).check()
    summary = json.loads(m.stdout[m.stdout.index("{"):])
    fetched = summary["sources_checked"] + summary["articles_new"] + summary.get("articles_duplicate", 0) + \
        summary.get("articles_filtered", 0) + summary.get("articles_dropped", 0)
    row = {"run": "strikewatch crawl", "seconds": m.seconds, "fetched": fetched, "pages_per_s": fetched / m.seconds,
           "peak_mb": max(m.processes.values(), default=m.peak_mb), "stored": summary["articles_new"]}
    return row, summary


def stored_paths(tmp: Path) -> set[str]:
    with sqlite3.connect(tmp / "bench.db") as db:
        return {url.split("/", 3)[3] for (url,) in db.execute("SELECT url FROM articles")}


def run(quick: bool) -> dict[str, Any]:
    spec = QUICK if quick else FULL
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as name, LocalSite(spec) as site:
        tmp = Path(name)
        rows.append(bare(site, tmp, "before"))
        row, summary = full_crawl(site, tmp)
        rows.append(row)
        rows.append(bare(site, tmp, "after"))
        strike = {p.lstrip("/") for p in strike_paths(spec)}
        missing = sorted(strike - stored_paths(tmp))
    if not quick:
        with tempfile.TemporaryDirectory(prefix="bench-crawl-") as name, LocalSite(spec, "threading") as site:
            rows.append(bare(site, Path(name), "ThreadingHTTPServer site"))
    baseline = (rows[0]["pages_per_s"] + rows[2]["pages_per_s"]) / 2
    ratio = rows[1]["pages_per_s"] / baseline
    for r in rows:
        r["vs_bare"] = r["pages_per_s"] / baseline
    table(f"crawl: {spec.feeds} feeds x {spec.per_feed} pages on 127.0.0.1 (asyncio server), politeness off",
          rows, [("run", "run", ""), ("seconds", "seconds", ".1f"), ("fetched", "fetched", "d"),
                 ("pages_per_s", "pages/s", ".0f"), ("vs_bare", "x bare", ".2f"), ("peak_mb", "peak MB", ".0f")])
    print(f"crawl / bare = {ratio:.2f} (target >= {TARGET:.2f}); strike pages {len(strike)}, stored "
          f"{summary['articles_new']} ({summary.get('articles_filtered', 0)} filtered as not strike news), "
          f"strike pages missing: {len(missing)}")
    return {"site": {"feeds": spec.feeds, "per_feed": spec.per_feed, "strike_pages": len(strike)}, "runs": rows,
            "ratio": ratio, "target": TARGET, "meets_target": ratio >= TARGET and not missing,
            "strike_missing": missing[:20], "summary": {k: v for k, v in summary.items() if k != "failures"},
            "failures": summary.get("failures", [])[:10]}
