"""A small HTTP server on 127.0.0.1 for the demo newsroom, with ETags so a second crawl gets 304s."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from pipeline.demo.site import Page


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64


class DemoServer:
    """Serve ``pages`` (path → Page) on 127.0.0.1; port 0 picks a free port. Use as a context manager."""

    def __init__(self, port: int = 0) -> None:
        self.pages: dict[str, Page] = {}
        self._server = _Server(("127.0.0.1", port), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        demo = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                page = demo.pages.get(self.path.split("?", 1)[0].split("#", 1)[0])
                if page is None:
                    self._send(404, "text/plain", b"not found")
                elif self.headers.get("If-None-Match") == page.etag:
                    self._send(304, page.content_type, b"", page.etag)
                else:
                    self._send(200, page.content_type, page.body, page.etag)

            def _send(self, status: int, content_type: str, body: bytes, etag: str | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                if etag:
                    self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def __enter__(self) -> DemoServer:
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._server.shutdown()
        self._server.server_close()
