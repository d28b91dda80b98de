"""Benchmark: the whole daily job, ``strikewatch run``, over the generated site from an empty database to a
published digest; time per stage (its ``stage=NAME ... seconds=N`` lines) and peak resident memory of each
process and each stage, with the site at N and at 2N pages, to show memory flat when the site doubles.

    .venv/bin/python -m bench day [--quick]

Full size: 50 and 100 feeds of 100 pages (5,000 and 10,000 pages). The crawl runs in its own processes
(``pipeline crawl`` starts ``crawlers.runner``); tag, cluster and digest run in the ``pipeline run`` process, whose
resident set is sampled every 50 ms and attributed to the stage running at the time.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bench.common import PY, Measured, measure, table
from bench.crawl import crawl_env
from bench.sites import LocalSite, SiteSpec

QUICK = (SiteSpec(feeds=10, per_feed=50), SiteSpec(feeds=20, per_feed=50))
FULL = (SiteSpec(feeds=50, per_feed=100), SiteSpec(feeds=100, per_feed=100))
STAGE = re.compile(r"stage=(\w+) status=(\w+) seconds=([\d.]+)")


def stages(m: Measured) -> list[dict[str, Any]]:
    """One row per stage line: name, status, seconds, and the run process's peak RSS while it ran."""
    rows, since = [], 0.0
    for at, line in m.lines:
        found = STAGE.search(line)
        if not found:
            continue
        rss = [mb for t, mb in m.rss if since <= t <= at] or [mb for t, mb in m.rss if t <= at][-1:]
        rows.append({"stage": found[1], "status": found[2], "seconds": float(found[3]),
                     "run_rss_mb": max(rss, default=0.0), "summary": line[found.end():].strip()})
        since = at
    return rows


def one_day(spec: SiteSpec) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-day-") as name, LocalSite(spec) as site:
        tmp = Path(name)
        env = crawl_env(tmp)
        subprocess.run([PY, "-m", "pipeline", "init", "--no-sources"], env=env, check=True, capture_output=True)
        opml = site.write_opml(tmp / "site.opml")
        m = measure([PY, "-m", "pipeline", "run", "--sources", str(opml), "--date", spec.day.isoformat()], env)
        m.check()
        rows = stages(m)
        published = sorted(p.name for p in (tmp / "site").rglob("*") if p.is_file())
    crawl_mb = max((mb for label, mb in m.processes.items() if "crawl" in label), default=0.0)
    for row in rows:
        row["peak_mb"] = crawl_mb if row["stage"] == "crawl" else row["run_rss_mb"]
    return {"pages": spec.pages, "feeds": spec.feeds, "seconds": m.seconds, "stages": rows,
            "processes": m.processes, "peak_mb": m.peak_mb, "site_files": len(published),
            "stored": _stored_line(m)}


def _stored_line(m: Measured) -> str:
    return next((line.strip() for _, line in m.lines if line.startswith("new articles")), "")


def run(quick: bool) -> dict[str, Any]:
    small, large = QUICK if quick else FULL
    days = [one_day(small), one_day(large)]
    rows = []
    for name in [r["stage"] for r in days[0]["stages"]]:
        a, b = ({r["stage"]: r for r in d["stages"]}[name] for d in days)
        rows.append({"stage": name, "s_n": a["seconds"], "s_2n": b["seconds"], "mb_n": a["peak_mb"],
                     "mb_2n": b["peak_mb"], "mem_ratio": b["peak_mb"] / a["peak_mb"] if a["peak_mb"] else None})
    rows.append({"stage": "whole run (wall)", "s_n": days[0]["seconds"], "s_2n": days[1]["seconds"],
                 "mb_n": days[0]["peak_mb"], "mb_2n": days[1]["peak_mb"],
                 "mem_ratio": days[1]["peak_mb"] / days[0]["peak_mb"]})
    table(f"day: strikewatch run from an empty database, N = {days[0]['pages']} and 2N = {days[1]['pages']} pages",
          rows, [("stage", "stage", ""), ("s_n", "s (N)", ".1f"), ("s_2n", "s (2N)", ".1f"),
                 ("mb_n", "peak MB (N)", ".0f"), ("mb_2n", "peak MB (2N)", ".0f"), ("mem_ratio", "2N/N mem", ".2f")])
    for d in days:
        procs = ", ".join(f"{k} {v:.0f} MB" for k, v in sorted(d["processes"].items()))
        print(f"{d['pages']} pages: {d['stored']}; {d['site_files']} files published; processes: {procs}")
        for r in d["stages"]:
            print(f"  {r['stage']}: {r['summary']}")
    return {"days": days, "table": rows}
