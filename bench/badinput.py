"""Benchmark: bad input keeps memory bounded — a feed of 10,000 entries, a 50 MB page, a 100 MB database.

    .venv/bin/python -m bench badinput [--quick]

Each case runs beside a baseline a tenth (or a quarter) of its size in the same run, and reports the peak
resident memory of each process: the crawler (``crawlers.runner``) for the feed and the page, and the ``tag``,
``cluster`` and ``digest`` processes for the database. Bounded means: the big case's peak is close to the small
one's, not ten times it. The 50 MB page is cut at the crawler's DOWNLOAD_MAXSIZE (10 MB); the article is kept
from its feed entry and the failure is recorded.
"""

from __future__ import annotations

import json
import random
import subprocess
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bench.common import PY, measure, table
from bench.crawl import crawl_env
from bench.sites import LocalSite, SiteSpec, _article
from bench.tagging import _FILLER
from pipeline.db import make_engine, session_factory, upgrade
from pipeline.models import Article, Outlet

DAY = SiteSpec.day


def crawl_case(name: str, spec: SiteSpec) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-bad-") as tmp_name, LocalSite(spec) as site:
        tmp = Path(tmp_name)
        env = crawl_env(tmp)
        subprocess.run([PY, "-m", "pipeline", "init", "--no-sources"], env=env, check=True, capture_output=True)
        opml = site.write_opml(tmp / "site.opml")
        m = measure([PY, "-m", "pipeline", "crawl", "--sources", str(opml), "--json"], env).check()
    summary = json.loads(m.stdout[m.stdout.index("{"):])
    crawler = max((mb for label, mb in m.processes.items() if label.startswith("crawlers")), default=m.peak_mb)
    notes = "; ".join(f["error"][:80] for f in summary.get("failures", [])[:2])
    notes = f"stored {summary['articles_new']}, filtered {summary.get('articles_filtered', 0)}" + \
        (f"; {notes}" if notes else "")
    return {"case": name, "seconds": m.seconds, "peak_mb": crawler, "stored": summary["articles_new"],
            "filtered": summary.get("articles_filtered", 0), "notes": notes}


# --- a big database -----------------------------------------------------------------------------------------------


def fill_database(url: str, megabytes: int) -> int:
    """Untagged articles (about 5 KB each, one in ten strike coverage) over 30 days up to DAY; returns how many."""
    engine = make_engine(url)
    upgrade(engine)
    sessions = session_factory(engine)
    rng = random.Random(megabytes)
    n = megabytes * 1024 * 1024 // 5200
    end = datetime(DAY.year, DAY.month, DAY.day, 22, tzinfo=UTC)
    with sessions() as s, s.begin():
        s.execute(insert(Outlet), [{"id": i + 1, "name": f"Outlet {i}", "kind": "local"} for i in range(100)])
    for start in range(0, n, 2000):
        rows = []
        for i in range(start, min(n, start + 2000)):
            at = end - timedelta(seconds=int(30 * 86400 * (n - i) / n))
            a = _article(rng, f"/db/{i}", i % 10 == 0, at, None if i % 30 else (i // 30) % 40)
            rows.append({"id": i + 1, "canonical_url": f"https://db{i % 100}.example/{i}", "url":
                         f"https://db{i % 100}.example/{i}", "title": a.title, "text": a.text + _FILLER * 20,
                         "published_at": at, "fetched_at": at, "date_source": "page", "outlet_id": 1 + i % 100})
        with sessions() as s, s.begin():
            s.execute(insert(Article), rows)
    engine.dispose()
    return n


def database_case(megabytes: int) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-bigdb-") as tmp_name:
        tmp = Path(tmp_name)
        env = crawl_env(tmp)
        n = fill_database(env["STRIKEWATCH_DATABASE_URL"], megabytes)
        size = (tmp / "bench.db").stat().st_size / 1024 / 1024
        for cmd in (["tag"], ["cluster"], ["digest", "--date", DAY.isoformat()]):
            m = measure([PY, "-m", "pipeline", *cmd], env).check()
            rows.append({"case": f"{size:.0f} MB database ({n} articles): {cmd[0]}", "seconds": m.seconds,
                         "peak_mb": m.peak_mb, "notes": m.stdout.strip().splitlines()[-1][:90]})
    return rows


def run(quick: bool) -> dict[str, Any]:
    entries = (100, 1000) if quick else (1000, 10_000)
    page_mb = 12 if quick else 50
    db_mb = (1, 4) if quick else (25, 100)
    rows = [crawl_case(f"feed of {entries[0]} entries", SiteSpec(feeds=0, big_feed=entries[0])),
            crawl_case(f"feed of {entries[1]} entries", SiteSpec(feeds=0, big_feed=entries[1])),
            crawl_case("one normal page", SiteSpec(feeds=1, per_feed=1)),
            crawl_case(f"one {page_mb} MB page (over the cap)", SiteSpec(feeds=0, huge_page_mb=page_mb)),
            crawl_case("one 9 MB page (under the cap)", SiteSpec(feeds=0, huge_page_mb=9))]
    for mb in db_mb:
        rows += database_case(mb)
    table("bad input: peak resident memory stays bounded", rows,
          [("case", "case", ""), ("seconds", "seconds", ".1f"), ("peak_mb", "peak MB", ".0f"), ("notes", "notes", "")])
    return {"rows": rows}
