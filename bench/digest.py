"""Benchmark: render one day with 5,000 relevant articles in 500 stories (target: the day's site in < 2 s).

    .venv/bin/python -m bench digest [--quick]           # 5,000 articles in 500 stories (--quick: 1,000 in 100)
    .venv/bin/python -m bench.digest [--articles 5000] [--stories 500]

Prints the time to seed, to build the digest data, and to write the whole site of the day.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from bench.common import now, self_peak_mb, table, timed, write_result
from digests.build import build_digest
from digests.site import write_site
from pipeline.config import Settings
from pipeline.db import make_engine, session_factory, upgrade
from pipeline.models import Article, ArticleTag, Outlet, Story, StoryMember
from pipeline.states import all_states

DAY = date(2024, 8, 21)
NOW = datetime(2024, 8, 22, 7, tzinfo=UTC)
KINDS = ("mainstream", "wire", "local", "movement")
TARGET = 2.0


def seed(session: Session, articles: int, stories: int, rng: random.Random) -> None:
    codes = sorted(c for c, s in all_states().items() if s.kind == "state")
    session.execute(insert(Outlet), [{"id": i + 1, "name": f"Outlet {i}", "kind": KINDS[i % 4]} for i in range(200)])
    start = datetime(2024, 8, 21, 5, tzinfo=UTC)
    rows, tags, members = [], [], []
    for i in range(1, articles + 1):
        at = start + timedelta(seconds=rng.randrange(0, 20 * 3600))
        title = f"Prisoners strike in {rng.choice(codes)} — day {i} <b>update</b> 🔥 \"quoted\""
        rows.append({"id": i, "canonical_url": f"https://news{i % 200}.example/{i}", "url": f"https://n.example/{i}",
                     "title": title, "published_at": at, "fetched_at": at, "text": "Body text. " * 60,
                     "summary": "Incarcerated workers refused shifts. " * 4, "outlet_id": 1 + i % 200})
        states = rng.sample(codes, rng.randint(1, 3))
        tags.append({"article_id": i, "relevant": True, "score": rng.random(), "reasons": [], "states": states,
                     "facilities": [{"id": f"f{i % 300}", "name": f"Facility {i % 300}", "state": states[0]}],
                     "primary_states": states[:1], "tagger_version": "bench"})
        members.append({"article_id": i, "story_id": 1 + i % stories})
    session.execute(insert(Article), rows)
    session.execute(insert(ArticleTag), tags)
    session.execute(insert(Story), [{"id": s, "first_article_id": s, "first_seen": start, "title": f"Story {s}",
                                     "size": articles // stories, "relevant": True} for s in range(1, stories + 1)])
    session.execute(insert(StoryMember), members)


def run(quick: bool, articles: int | None = None, stories: int | None = None) -> dict[str, Any]:
    articles = articles or (1000 if quick else 5000)
    stories = stories or (100 if quick else 500)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
        upgrade(engine)
        sessions = session_factory(engine)
        settings = Settings(data_dir=folder)
        with sessions() as s, s.begin():
            seed_s, _ = timed(lambda: seed(s, articles, stories, random.Random(5)))
        with sessions() as s:
            build_s, digest = timed(lambda: build_digest(s, DAY, settings, now=NOW))
        with sessions() as s:
            site_s, result = timed(lambda: write_site(s, DAY, settings, out=folder / "site", now=NOW))
        size = sum(p.stat().st_size for p in result.files)
        engine.dispose()
    rows = [{"step": "seed the database", "seconds": seed_s},
            {"step": "build digest data", "seconds": build_s},
            {"step": f"write the day's site ({len(result.files)} files, {size / 1024:.0f} KiB)", "seconds": site_s}]
    table(f"digest: one day of {articles} articles in {stories} stories ({digest.figures.states} states, "
          f"{len(digest.posts)} posts)", rows, [("step", "step", ""), ("seconds", "seconds", ".2f")])
    print(f"site of the day in {site_s:.2f} s (target < {TARGET:.0f} s); peak RSS of this process "
          f"{self_peak_mb():.0f} MB")
    return {"articles": articles, "stories": stories, "seed_s": seed_s, "build_s": build_s, "site_s": site_s,
            "files": len(result.files), "kib": size / 1024, "target_s": TARGET, "meets_target": site_s < TARGET}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--stories", type=int, default=500)
    args = parser.parse_args()
    started = now()
    write_result("digest", run(False, args.articles, args.stories), False, started)


if __name__ == "__main__":
    main()
