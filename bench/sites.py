"""A generated news site served on 127.0.0.1 by the benchmark itself: ``feeds`` outlets with an RSS feed of
``per_feed`` article pages each, one page in ten strike coverage (a third of those wire copies of another).

The server runs in its own process (so it does not share the benchmark's interpreter lock) and is either a small
asyncio HTTP/1.1 server with keep-alive (the default: fast) or the standard library's ``ThreadingHTTPServer``
(to show how much the server itself limits a crawl). Optional bad input: one feed of many entries, one huge page.

    python -m bench.sites --feeds 50 --per-feed 100     # serve until stdin closes; prints "READY <port>"
"""

from __future__ import annotations

import argparse
import asyncio
import random
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from xml.sax.saxutils import quoteattr

from bench.tagging import _FILLER, _GROUPS, _OTHER, _PLACES, _STRIKE, _WHY

BIG_FEED = "big"  # the outlet slug of the bad-input feed of many entries
HUGE_PAGE = "/huge/page.html"
CHUNK = b"<p>" + b"All work and no play makes a very long page. " * 2000 + b"</p>\n"
_TOPICS = "council budget river school market weather harvest library bridge festival clinic county highway election"
_WORDS = _TOPICS.split()


@dataclass(frozen=True)
class SiteSpec:
    feeds: int = 50
    per_feed: int = 100
    day: date = date(2026, 9, 9)
    big_feed: int = 0  # entries of one extra feed (bad input), 0: none
    huge_page_mb: int = 0  # size of one extra page linked from its own feed (bad input), 0: none

    @property
    def pages(self) -> int:
        return self.feeds * self.per_feed + self.big_feed + (1 if self.huge_page_mb else 0)

    def args(self) -> list[str]:
        return [f"--{k.replace('_', '-')}={v}" for k, v in asdict(self).items()]


@dataclass(frozen=True)
class Article:
    path: str
    title: str
    text: str
    published: datetime
    strike: bool


def slugs(spec: SiteSpec) -> list[str]:
    names = [f"outlet{i:03d}" for i in range(spec.feeds)]
    return names + ([BIG_FEED] if spec.big_feed else []) + (["huge"] if spec.huge_page_mb else [])


def articles(spec: SiteSpec, slug: str) -> list[Article]:
    """The articles of one outlet, deterministic for a spec and slug."""
    rng = random.Random(f"{slug}-{spec.per_feed}")
    n = spec.big_feed if slug == BIG_FEED else spec.per_feed
    start = datetime(spec.day.year, spec.day.month, spec.day.day, 11, tzinfo=UTC)
    out = []
    for i in range(n):
        at = start + timedelta(seconds=rng.randrange(36000))
        out.append(_article(rng, f"/{slug}/{i:05d}.html", i % 10 == 0, at, _wire(slug, i)))
    return out


def _wire(slug: str, i: int) -> int | None:
    """Every third strike page is one of 40 wire stories, each carried by five outlets (at most once by one)."""
    if i % 30:
        return None
    outlet = int(slug[-3:]) if slug[-3:].isdigit() else 0
    return (outlet // 5 * 3 + i // 30) % 40


def _article(rng: random.Random, path: str, strike: bool, published: datetime, wire: int | None = None) -> Article:
    city, ab, state, fac = rng.choice(_PLACES)
    if strike and wire is not None:  # a wire copy: the same story as a few other outlets carry
        rng = random.Random(f"wire-{wire}")
        city, ab, state, fac = rng.choice(_PLACES)
    pool = _STRIKE if strike else [t for t in _OTHER if "strike" not in t]
    fill = dict(
        city=city,
        ab=ab,
        state=state,
        fac=fac,
        day=rng.choice(["Monday", "Tuesday", "Friday"]),
        why=rng.choice(_WHY),
        group=rng.choice(_GROUPS),
    )
    lead = rng.choice(pool).format(**fill)
    words = " ".join(rng.choices(_WORDS, k=60))
    body = [lead, f"{words.capitalize()}.", _FILLER * rng.randint(3, 8)]
    title = (
        f"Hunger strike at {fac}" if strike else f"{rng.choice(_WORDS).title()} news from {city}"
    ) + f" ({rng.randrange(10**6)})"
    return Article(path, title, "\n\n".join(body), published, strike)


def article_html(a: Article, outlet: str) -> bytes:
    paras = "".join(f"<p>{escape(p)}</p>\n" for p in a.text.split("\n\n"))
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(a.title)}</title>'
        f'<meta property="article:published_time" content="{a.published.isoformat()}"></head><body>'
        f'<header><nav><a href="/">Home</a> | <a href="/{outlet}/">{outlet}</a></nav></header>'
        f'<article><h1>{escape(a.title)}</h1><p class="byline">By Staff Reporter</p>'
        f'<time datetime="{a.published.isoformat()}">{a.published:%B %d, %Y}</time>\n{paras}</article>'
        f"<footer>&copy; {outlet}</footer></body></html>"
    ).encode()


def feed_xml(base: str, slug: str, items: list[Article]) -> bytes:
    entries = "".join(
        f"<item><title>{escape(a.title)}</title><link>{base}{a.path}</link><guid>{base}{a.path}</guid>"
        f"<pubDate>{format_datetime(a.published, usegmt=True)}</pubDate>"
        f"<description>{escape(a.text.split(chr(10))[0][:300])}</description></item>\n"
        for a in items
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{slug}</title>'
        f"<link>{base}/{slug}/</link><description>Generated outlet {slug}</description>\n{entries}"
        "</channel></rss>\n"
    ).encode()


def huge_feed(base: str, spec: SiteSpec) -> bytes:
    day = datetime(spec.day.year, spec.day.month, spec.day.day, 12, tzinfo=UTC)
    huge = Article(HUGE_PAGE, "Hunger strike at a prison: the full record", "Prisoners on hunger strike.", day, True)
    return feed_xml(base, "huge", [huge])


def build_pages(base: str, spec: SiteSpec) -> dict[str, tuple[str, bytes]]:
    """Path -> (content type, body) for the whole site (the huge page is streamed, not stored)."""
    pages: dict[str, tuple[str, bytes]] = {"/robots.txt": ("text/plain", b"User-agent: *\nAllow: /\n")}
    for slug in slugs(spec):
        if slug == "huge":
            pages["/huge/feed.rss"] = ("application/rss+xml", huge_feed(base, spec))
            continue
        items = articles(spec, slug)
        pages[f"/{slug}/feed.rss"] = ("application/rss+xml", feed_xml(base, slug, items))
        for a in items:
            pages[a.path] = ("text/html; charset=utf-8", article_html(a, slug))
    return pages


def opml(base: str, spec: SiteSpec) -> str:
    lines = [
        f'<outline type="rss" text={quoteattr("Bench " + s)} xmlUrl="{base}/{s}/feed.rss" '
        f'htmlUrl="{base}/{s}/" kind="local"/>'
        for s in slugs(spec)
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head><title>bench</title></head><body>\n'
        + "\n".join(lines)
        + "\n</body></opml>\n"
    )


def feed_urls(base: str, spec: SiteSpec) -> list[str]:
    return [f"{base}/{s}/feed.rss" for s in slugs(spec)]


def strike_paths(spec: SiteSpec) -> set[str]:
    return {a.path for s in slugs(spec) if s != "huge" for a in articles(spec, s) if a.strike}


# --- servers ------------------------------------------------------------------------------------------------------


def _huge_chunks(mb: int) -> Iterator[bytes]:
    yield b"<!doctype html><html><head><title>Hunger strike: the full record</title></head><body><article>"
    for _ in range(mb * 1024 * 1024 // len(CHUNK)):
        yield CHUNK
    yield b"</article></body></html>"


def _head(status: int, ctype: str, length: int) -> bytes:
    reason = {200: "OK", 404: "Not Found"}[status]
    return (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {length}\r\n"
        "Connection: keep-alive\r\n\r\n"
    ).encode()


class AsyncSite:
    """HTTP/1.1 with keep-alive on asyncio streams: every response is prepared bytes, so it is fast."""

    def __init__(self, pages: dict[str, tuple[str, bytes]], huge_mb: int) -> None:
        self.pages = pages
        self.huge_mb = huge_mb
        self.huge_len = sum(len(c) for c in _huge_chunks(huge_mb)) if huge_mb else 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].split(b"?", 1)[0].decode("latin-1")
                if path == HUGE_PAGE and self.huge_mb:
                    writer.write(_head(200, "text/html", self.huge_len))
                    for chunk in _huge_chunks(self.huge_mb):
                        writer.write(chunk)
                        await writer.drain()
                    continue
                ctype, body = self.pages.get(path, ("text/plain", b"not found"))
                writer.write(_head(200 if path in self.pages else 404, ctype, len(body)) + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError, IndexError):
            pass
        finally:
            writer.close()


def _serve_async(spec: SiteSpec) -> None:
    async def main() -> None:
        holder: dict[str, AsyncSite] = {}
        server = await asyncio.start_server(lambda r, w: holder["site"].handle(r, w), "127.0.0.1", 0, backlog=256)
        port = server.sockets[0].getsockname()[1]
        holder["site"] = AsyncSite(build_pages(f"http://127.0.0.1:{port}", spec), spec.huge_page_mb)
        print(f"READY {port}", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)  # until the benchmark closes stdin
        server.close()

    asyncio.run(main())


def _serve_threading(spec: SiteSpec) -> None:
    state: dict[str, dict[str, tuple[str, bytes]]] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?", 1)[0]
            if path == HUGE_PAGE and spec.huge_page_mb:
                chunks = list(_huge_chunks(spec.huge_page_mb))
                self._send(200, "text/html", sum(map(len, chunks)), chunks)
                return
            ctype, body = state["pages"].get(path, ("text/plain", b"not found"))
            self._send(200 if path in state["pages"] else 404, ctype, len(body), [body])

        def _send(self, status: int, ctype: str, length: int, chunks: list[bytes]) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(length))
            self.end_headers()
            for chunk in chunks:
                self.wfile.write(chunk)

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 256

    server = Server(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    state["pages"] = build_pages(f"http://127.0.0.1:{port}", spec)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"READY {port}", flush=True)
    sys.stdin.read()
    server.shutdown()


class LocalSite:
    """Serve a generated site from a child process; ``base_url`` once entered. Use as a context manager."""

    def __init__(self, spec: SiteSpec, server: str = "asyncio") -> None:
        self.spec = spec
        self.server = server
        self.proc: subprocess.Popen[str] | None = None
        self.base_url = ""

    def __enter__(self) -> LocalSite:
        root = Path(__file__).resolve().parent.parent
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.sites", f"--server={self.server}", *self.spec.args()],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().split()
        if not line or line[0] != "READY":
            raise SystemExit("the benchmark site did not start")
        self.base_url = f"http://127.0.0.1:{line[1]}"
        return self

    def write_opml(self, path: Path) -> Path:
        path.write_text(opml(self.base_url, self.spec))
        return path

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", choices=["asyncio", "threading"], default="asyncio")
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--per-feed", type=int, default=100)
    parser.add_argument("--day", type=date.fromisoformat, default=SiteSpec.day)
    parser.add_argument("--big-feed", type=int, default=0)
    parser.add_argument("--huge-page-mb", type=int, default=0)
    args = parser.parse_args(argv)
    spec = SiteSpec(args.feeds, args.per_feed, args.day, args.big_feed, args.huge_page_mb)
    if args.server == "asyncio":
        _serve_async(spec)
    else:
        _serve_threading(spec)


if __name__ == "__main__":
    main()
