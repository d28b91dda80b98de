"""Benchmark: cluster 10,000 and 100,000 generated articles (a third of them wire copies) and print the time and
peak memory of each, to show that clustering grows near-linearly.

    .venv/bin/python -m bench stories [--quick]          # 10,000 and 100,000 (--quick: 1,000 and 10,000)
    .venv/bin/python -m bench.stories [--sizes 10000 100000]

Each size runs in its own process (so peak memory is its own), on a temporary SQLite file. Figures: the time of
``cluster_stories`` alone, of a second incremental run adding 1% new articles, and the process's peak resident
memory (``ru_maxrss``) before and after clustering.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import tempfile
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from bench.common import PY, ROOT, now, self_peak_mb, table, write_result
from pipeline.db import make_engine, session_factory, upgrade
from pipeline.models import Article, ArticleTag, Outlet
from pipeline.stories import cluster_stories

START = datetime(2026, 9, 1, tzinfo=UTC)
DAYS = 60
COPY_SHARE = 0.33
OUTLETS = 200
BOILERPLATE = [
    "Copyright 2026 The Associated Press. All rights reserved. This material may not be published or redistributed.",
    "Sign up for our morning newsletter to get the top stories delivered to your inbox every weekday.",
    "Support local journalism: subscribe today for unlimited access to every story on our site and in our app.",
]


def _vocab(rng: random.Random, size: int = 6000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(size)]


def _original(rng: random.Random, vocab: list[str]) -> str:
    return " ".join(rng.choices(vocab, k=rng.randint(150, 400)))


def _copy(rng: random.Random, text: str) -> str:
    words = text.split()
    keep = words[: max(40, int(len(words) * rng.uniform(0.6, 1.0)))]  # trimmed ending
    return " ".join(keep) + " " + rng.choice(BOILERPLATE)


def _rows(
    rng: random.Random, n: int, first_id: int, start: datetime, span_days: int
) -> tuple[list[dict[str, Any]], int]:
    """``n`` articles and how many of them are originals (the rest copy one of the latest 2,000 originals)."""
    vocab = _vocab(random.Random(7))
    originals: list[str] = []
    rows = []
    for i in range(n):
        if originals and rng.random() < COPY_SHARE:
            text = _copy(rng, rng.choice(originals[-2000:]))
        else:
            text = _original(rng, vocab)
            originals.append(text)
        at = start + timedelta(seconds=int(span_days * 86400 * i / n))
        rows.append({"id": first_id + i, "canonical_url": f"https://bench.example/{first_id + i}",
                     "url": f"https://bench.example/{first_id + i}", "title": f"Article {first_id + i}",
                     "text": text, "published_at": at, "fetched_at": at, "date_source": "page",
                     "outlet_id": rng.randint(1, OUTLETS)})
    return rows, len(originals)


def _fill(session: Session, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 5000):
        chunk = rows[start : start + 5000]
        session.execute(insert(Article), chunk)
        session.execute(insert(ArticleTag), [{"article_id": r["id"], "relevant": True, "score": 1.0,
                                              "states": ["SC"], "facilities": [], "tagger_version": "bench"}
                                             for r in chunk])


def run_one(n: int) -> dict[str, Any]:
    rng = random.Random(n)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        upgrade(engine)
        factory = session_factory(engine)
        with factory() as s, s.begin():
            s.execute(insert(Outlet), [{"name": f"outlet {i}", "kind": "local"} for i in range(1, OUTLETS + 1)])
            rows, originals = _rows(rng, n, 1, START, DAYS)
            _fill(s, rows)
            del rows
        rss_before = self_peak_mb()
        t0 = time.perf_counter()
        with factory() as s, s.begin():
            report = cluster_stories(s)
        seconds = time.perf_counter() - t0
        rss_after = self_peak_mb()
        extra = max(1, n // 100)
        with factory() as s, s.begin():
            _fill(s, _rows(rng, extra, n + 1, START + timedelta(days=DAYS), 1)[0])
        t1 = time.perf_counter()
        with factory() as s, s.begin():
            inc = cluster_stories(s)
        inc_seconds = time.perf_counter() - t1
        engine.dispose()
    return {"articles": n, "seconds": round(seconds, 2), "per_article_ms": round(1000 * seconds / n, 3),
            "stories": report.new_stories, "originals": originals,
            "peak_rss_mb_before": round(rss_before, 1), "peak_rss_mb": round(rss_after, 1),
            "incremental_articles": extra, "incremental_seconds": round(inc_seconds, 2),
            "incremental_indexed": inc.indexed}


def run(quick: bool, sizes: list[int] | None = None) -> dict[str, Any]:
    results = []
    for n in sizes or ([1_000, 10_000] if quick else [10_000, 100_000]):
        done = subprocess.run([PY, "-m", "bench.stories", "--one", str(n)], check=True, capture_output=True,
                              text=True, cwd=ROOT)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    table("stories: clustering generated articles (a third wire copies), each size in its own process", results,
          [("articles", "articles", "d"), ("seconds", "seconds", ".1f"), ("per_article_ms", "ms/article", ".3f"),
           ("peak_rss_mb_before", "peak MB before", ".0f"), ("peak_rss_mb", "peak MB", ".0f"),
           ("stories", "stories", "d"), ("incremental_articles", "+new", "d"),
           ("incremental_seconds", "+new s", ".1f")])
    a, b = results[0], results[-1]
    growth = {"articles": b["articles"] / a["articles"], "time": b["seconds"] / a["seconds"],
              "memory_added": (b["peak_rss_mb"] - b["peak_rss_mb_before"]) /
              max(0.1, a["peak_rss_mb"] - a["peak_rss_mb_before"])}
    print(f"growth: {growth['articles']:.0f}x articles -> {growth['time']:.1f}x time")
    return {"results": results, "growth": growth}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    started = now()
    write_result("stories", run(False, args.sizes), False, started)


if __name__ == "__main__":
    main()
