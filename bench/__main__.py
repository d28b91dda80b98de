"""The benchmark suite: ``python -m bench [names...] [--quick]``.

Each benchmark prints a table and writes ``bench/results/<name>[-quick].json`` (figures, machine, versions).
Full sizes by default; ``--quick`` runs small sizes (the whole suite in a few minutes).
"""

from __future__ import annotations

import argparse
import time
from importlib import import_module

from bench.common import machine, now, versions, write_result

BENCHMARKS = {
    "crawl": "bench.crawl",  # crawl throughput beside a bare Scrapy spider
    "tagging": "bench.tagging",  # strikewatch tag beside plain nlp.pipe
    "stories": "bench.stories",  # clustering 10k and 100k articles
    "digest": "bench.digest",  # rendering a day of 5,000 articles in 500 stories
    "day": "bench.day",  # strikewatch run over the site at N and 2N pages
    "badinput": "bench.badinput",  # a feed of 10,000 entries, a 50 MB page, a 100 MB database
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", choices=[*BENCHMARKS, []], metavar="NAME",
                        help=f"Benchmarks to run (default: all): {', '.join(BENCHMARKS)}.")
    parser.add_argument("--quick", action="store_true", help="Small sizes, for a quick check.")
    args = parser.parse_args(argv)
    names = args.names or list(BENCHMARKS)
    print(f"machine: {machine()}\nversions: {versions()}\n", flush=True)
    for name in names:
        started, t0 = now(), time.perf_counter()
        print(f"== {name}{' (quick)' if args.quick else ''}", flush=True)
        figures = import_module(BENCHMARKS[name]).run(args.quick)
        write_result(name, figures, args.quick, started)
        print(f"== {name} done in {time.perf_counter() - t0:.0f} s\n", flush=True)


if __name__ == "__main__":
    main()
