"""Run several spiders one after another in one process (one Twisted reactor) and add up their summaries.

``strikewatch crawl`` starts this module in a subprocess, with the spiders that have sources to crawl::

    python -m crawlers.runner --summary out.json --spider feeds --spider sitemaps --spider sites [-a due=1]

Spider arguments (``-a``) go to every spider (each takes the ones it knows), settings (``-s``) to every crawler.
Each spider writes its own summary (``crawlers/extensions.py``); the runner writes their sum to ``--summary``.
Exit status 0 when every spider ran (failing sources are in the summary), 1 when one could not run.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Generator, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings
from twisted.internet.defer import Deferred, inlineCallbacks
from twisted.python.failure import Failure

log = logging.getLogger("crawlers.runner")


def merge_summaries(parts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One summary for the whole crawl: counts added up, failures listed together, each spider's finish reason."""
    total: dict[str, Any] = {}
    for part in parts:
        for key, value in part.items():
            if isinstance(value, bool) or not isinstance(value, int | list):
                continue
            total[key] = total.get(key, [] if isinstance(value, list) else 0) + value
    total["finish_reason"] = ", ".join(f"{p.get('spider', '?')}: {p.get('finish_reason', '?')}" for p in parts)
    total["spiders"] = [p.get("spider") for p in parts]
    return total


def _pairs(values: Sequence[str], flag: str) -> dict[str, str]:
    out = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key:
            raise SystemExit(f"{flag} needs NAME=VALUE, not {value!r}")
        out[key] = rest
    return out


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m crawlers.runner", description=__doc__.split("\n")[0])
    parser.add_argument("--summary", required=True, type=Path, help="Write the summed crawl summary (JSON) here.")
    parser.add_argument("--spider", action="append", required=True, help="A spider to run (repeat, in order).")
    parser.add_argument("-a", dest="spider_args", action="append", default=[], help="NAME=VALUE for every spider.")
    parser.add_argument("-s", dest="settings", action="append", default=[], help="NAME=VALUE Scrapy setting.")
    parser.add_argument("-L", dest="log_level", default="WARNING", help="Log level (default WARNING).")
    return parser.parse_args(argv)


def run(spiders: Sequence[str], summary: Path, spider_args: dict[str, str], overrides: dict[str, str],
        log_level: str = "WARNING") -> int:
    settings = get_project_settings()
    settings.setdict({**overrides, "LOG_LEVEL": log_level}, priority="cmdline")
    process = CrawlerProcess(settings)
    parts = [summary.with_name(f"{summary.stem}.{name}.json") for name in spiders]
    failed: list[Failure] = []

    @inlineCallbacks
    def crawl_all() -> Generator[Deferred[Any], Any, None]:
        for name, part in zip(spiders, parts, strict=True):
            crawler = process.create_crawler(name)
            crawler.settings.set("STRIKEWATCH_SUMMARY_FILE", str(part), priority="cmdline")
            yield process.crawl(crawler, **spider_args)

    def stop(result: Any) -> None:
        from twisted.internet import reactor  # installed by the first crawler, so imported only now

        if isinstance(result, Failure):
            failed.append(result)
            log.error("the crawl stopped: %s", result.getErrorMessage())
        with suppress(RuntimeError):
            reactor.stop()  # type: ignore[misc]  # twisted types the global reactor badly

    crawl_all().addBoth(stop)
    if not failed:
        process.start(stop_after_crawl=False)
    done = [json.loads(p.read_text("utf-8")) | {"spider": n} for n, p in zip(spiders, parts, strict=True)
            if p.is_file()]
    summary.write_text(json.dumps(merge_summaries(done), indent=2) + "\n", "utf-8")
    return 1 if failed or process.bootstrap_failed or len(done) != len(spiders) else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    return run(args.spider, args.summary, _pairs(args.spider_args, "-a"), _pairs(args.settings, "-s"), args.log_level)


if __name__ == "__main__":
    raise SystemExit(main())
