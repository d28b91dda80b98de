"""Helpers for crawl fault tests: fictional article pages and feeds written here, and Scrapy in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]

# Fast, impatient settings for tests: short timeouts, one quick retry.
FAST = {
    "DOWNLOAD_TIMEOUT": "1",
    "RETRY_TIMES": "1",
    "RETRY_BACKOFF_BASE": "0.05",
    "RETRY_AFTER_MAX": "5",
    "DOWNLOAD_MAXSIZE": str(5_000_000),
    "DOWNLOAD_WARNSIZE": str(4_000_000),
    "STRIKEWATCH_PROGRESS": "0",
}

STRIKE_TEXT = (
    "Incarcerated workers at the {where} stayed in their cells on Monday, refusing their kitchen and laundry "
    "assignments in a work stoppage that organizers said would continue until their demands are met. "
    "A spokesperson for the corrections department said the facility remained on modified operations.\n\n"
    "Family members outside the prison gates said the strikers were asking for wages, working heat and an end "
    "to long stretches of solitary confinement. Several relatives said they had not heard from loved ones "
    "since the strike began, because phone calls had been suspended across the housing units.\n\n"
    "Supporters plan a rally on Saturday. The department did not answer questions about how many people "
    "were taking part in the protest or whether anyone had been moved to other prisons."
)
OFF_TOPIC_TEXT = (
    "The city council approved a new budget for parks and libraries on Tuesday after a long public hearing. "
    "Residents asked for longer opening hours at the branch libraries and more shade trees along the river "
    "path. The budget also funds two new crossing signals near the elementary school on Elm Street.\n\n"
    "Council members said the vote was unanimous and that the summer reading program will expand to every "
    "branch. A new playground will open in the spring, and the farmers market moves to the plaza in June."
)


def article_html(title: str, text: str, charset: str = "utf-8", published: str = "2024-05-02T10:00:00+00:00") -> str:
    paragraphs = "".join(f"<p>{escape(p)}</p>\n" for p in text.split("\n\n"))
    return (f'<!doctype html><html lang="en"><head><meta charset="{charset}"><title>{escape(title)}</title>'
            f'<meta property="article:published_time" content="{published}"></head><body>'
            f"<header><nav><a href='/'>Home</a></nav></header><article><h1>{escape(title)}</h1>\n"
            f"{paragraphs}</article><footer>© Fictional Daily</footer></body></html>")


def rss(title: str, entries: Sequence[tuple[str, str]], base: str = "") -> str:
    """An RSS 2.0 feed of (link, title) entries."""
    items = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(base + link)}</link><guid>{escape(base + link)}</guid>"
        f"<pubDate>Thu, 02 May 2024 10:00:00 GMT</pubDate><description>{escape(t)}</description></item>\n"
        for link, t in entries
    )
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>http://example.invalid/</link><description>test</description>\n{items}</channel></rss>\n")


def scrapy_command(spider: str, summary: Path, settings: dict[str, str], args: Sequence[str] = ()) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider, "-L", "INFO", "-s", f"STRIKEWATCH_SUMMARY_FILE={summary}"]
    for key, value in {**FAST, **settings}.items():
        cmd += ["-s", f"{key}={value}"]
    for arg in args:
        cmd += ["-a", arg]
    return cmd


def scrapy_env(db_url: str) -> dict[str, str]:
    return {**os.environ, "STRIKEWATCH_DATABASE_URL": db_url, "STRIKEWATCH_POLITE": "0",
            "SCRAPY_SETTINGS_MODULE": "crawlers.settings"}


def run_spider(db_url: str, workdir: Path, spider: str = "feeds", settings: dict[str, str] | None = None,
               args: Sequence[str] = (), timeout: float = 120) -> dict[str, Any]:
    """Run a spider to completion in a subprocess; returns its summary with the log under ``"log"``."""
    summary = workdir / f"summary-{spider}-{len(list(workdir.glob('summary-*')))}.json"
    proc = subprocess.run(scrapy_command(spider, summary, settings or {}, args), cwd=REPO, env=scrapy_env(db_url),
                          capture_output=True, text=True, timeout=timeout, check=False)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert summary.is_file(), proc.stderr[-4000:]
    result: dict[str, Any] = json.loads(summary.read_text("utf-8"))
    result["log"] = proc.stderr
    return result
