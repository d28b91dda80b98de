"""A small real HTTP server on 127.0.0.1 for tests: static files and scripted (mis)behaviour per path."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    handler: Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes]] | None = None


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # a crawler opens many connections at once; the default backlog (5) drops some
    daemon_threads = True


class FixtureServer:
    """Serve ``routes`` (exact path → Route) and, for other paths, files under ``root``; log every request."""

    def __init__(self, root: Path | None = None, host: str = "127.0.0.1") -> None:
        self.root = root
        self.host = host
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self._server: ThreadingHTTPServer | None = None

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def add(self, path: str, body: bytes | str = b"", status: int = 200, content_type: str = "text/html",
            **kw: object) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        headers = {"Content-Type": content_type, **kw.pop("headers", {})}  # type: ignore[dict-item]
        self.routes[path] = Route(status=status, body=data, headers=headers, **kw)  # type: ignore[arg-type]

    def hits(self, path: str) -> int:
        return sum(1 for _, p, _ in self.requests if p == path)

    def start(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                server.requests.append(("GET", self.path, dict(self.headers)))
                status, headers, body = server._respond(self)
                try:
                    self.send_response(status)
                    headers.setdefault("Content-Length", str(len(body)))
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._server = _Server((self.host, 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def _respond(self, req: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        path = req.path
        route = self.routes.get(path) or self.routes.get(path.split("?", 1)[0])
        if route is not None:
            if route.delay:
                time.sleep(route.delay)
            if route.handler is not None:
                return route.handler(req)
            return route.status, dict(route.headers), route.body
        if self.root is not None:
            rel = path.split("?", 1)[0].lstrip("/") or "index.html"
            target = (self.root / rel).resolve()
            if target.is_dir():
                target = target / "index.html"
            if self.root.resolve() in target.parents and target.is_file():
                return _conditional(req, target)
        return 404, {"Content-Type": "text/plain"}, b"not found"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def _conditional(req: BaseHTTPRequestHandler, target: Path) -> tuple[int, dict[str, str], bytes]:
    """A static file with an ETag and Last-Modified; 304 when the client already has this version."""
    body = target.read_bytes()
    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
    modified = formatdate(target.stat().st_mtime, usegmt=True)
    headers = {"Content-Type": _guess(target), "ETag": etag, "Last-Modified": modified}
    if req.headers.get("If-None-Match") == etag:
        return 304, {"ETag": etag, "Last-Modified": modified, "Content-Length": "0"}, b""
    return 200, headers, body


def _guess(path: Path) -> str:
    return {".xml": "application/xml", ".rss": "application/rss+xml", ".atom": "application/atom+xml",
            ".html": "text/html; charset=utf-8", ".txt": "text/plain"}.get(path.suffix, "application/octet-stream")
